import { provisionedFields } from '../../lb-graph/provisioned-view';
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
