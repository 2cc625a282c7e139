import { provisionedFields } from '../../lb-graph/provisioned-view';
import { PROVISIONED_RESOURCE_COLUMNS } from '../../lb-graph/entities/provisioned-resource';
import { column, type ListColumns } from '../../platform/listing/sql-list';
import type { PoolEntity } from '../../lb-graph/entities/pool.entity';
import { fullSessionPersistence } from '../../lb-graph/session-persistence';

export interface PoolRelations {
  listenerIds: string[];
  memberIds: string[];
  healthmonitorId: string | null;
}

/** The union of neutron-lbaas and Octavia pool fields. */
export function poolView(pool: PoolEntity, relations: PoolRelations) {
  return {
    ...provisionedFields(pool),
    protocol: pool.protocol,
    lb_algorithm: pool.lbAlgorithm,
    session_persistence: fullSessionPersistence(pool.protocol, pool.sessionPersistence),
    loadbalancer_id: pool.loadbalancerId,
    loadbalancers: [{ id: pool.loadbalancerId }],
    listeners: relations.listenerIds.map((id) => ({ id })),
    members: relations.memberIds.map((id) => ({ id })),
    healthmonitor_id: relations.healthmonitorId,
    tls_enabled: pool.tlsEnabled,
    tls_container_ref: pool.tlsContainerRef,
    ca_tls_container_ref: pool.caTlsContainerRef,
    crl_container_ref: pool.crlContainerRef,
    tls_ciphers: pool.tlsCiphers,
    tls_versions: pool.tlsVersions,
    alpn_protocols: pool.alpnProtocols,
  };
}
export type PoolView = ReturnType<typeof poolView>;

/** Every attribute of the view (what lists filter, sort and select on), read off the view itself. */
export const POOL_ATTRIBUTES: ReadonlySet<string> = new Set(
  Object.keys(
    poolView({ createdAt: new Date(0), updatedAt: new Date(0), allowedCidrs: [] } as unknown as PoolEntity, {
      listenerIds: [],
      memberIds: [],
      healthmonitorId: null,
    }),
  ),
);

/** The attributes stored as plain columns: lists on these are filtered and paged in SQL. */
export const POOL_COLUMNS: ListColumns = {
  ...PROVISIONED_RESOURCE_COLUMNS,
  protocol: column('text', 'protocol'),
  lb_algorithm: column('text', 'lb_algorithm'),
  loadbalancer_id: column('uuid', 'loadbalancer_id'),
  tls_enabled: column('boolean', 'tls_enabled'),
  tls_container_ref: column('text', 'tls_container_ref'),
  ca_tls_container_ref: column('text', 'ca_tls_container_ref'),
  crl_container_ref: column('text', 'crl_container_ref'),
  tls_ciphers: column('text', 'tls_ciphers'),
};
