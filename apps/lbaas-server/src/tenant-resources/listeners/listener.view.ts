import { provisionedFields } from '../../lb-graph/provisioned-view';
import { PROVISIONED_RESOURCE_COLUMNS } from '../../lb-graph/entities/provisioned-resource';
import { column, type ListColumns } from '../../platform/listing/sql-list';
import type { ListenerEntity } from '../../lb-graph/entities/listener.entity';

/** The union of neutron-lbaas and Octavia listener fields. */
export function listenerView(listener: ListenerEntity, l7PolicyIds: string[]) {
  return {
    ...provisionedFields(listener),
    protocol: listener.protocol,
    protocol_port: listener.protocolPort,
    connection_limit: listener.connectionLimit,
    default_pool_id: listener.defaultPoolId,
    default_tls_container_ref: listener.defaultTlsContainerRef,
    sni_container_refs: listener.sniContainerRefs,
    insert_headers: listener.insertHeaders,
    timeout_client_data: listener.timeoutClientData,
    timeout_member_connect: listener.timeoutMemberConnect,
    timeout_member_data: listener.timeoutMemberData,
    timeout_tcp_inspect: listener.timeoutTcpInspect,
    allowed_cidrs: listener.allowedCidrs.length > 0 ? listener.allowedCidrs : null,
    loadbalancer_id: listener.loadbalancerId,
    loadbalancers: [{ id: listener.loadbalancerId }],
    l7policies: l7PolicyIds.map((id) => ({ id })),
    client_ca_tls_container_ref: listener.clientCaTlsContainerRef,
    client_authentication: listener.clientAuthentication,
    client_crl_container_ref: listener.clientCrlContainerRef,
    tls_ciphers: listener.tlsCiphers,
    tls_versions: listener.tlsVersions,
    alpn_protocols: listener.alpnProtocols,
    hsts_max_age: listener.hstsMaxAge,
    hsts_include_subdomains: listener.hstsIncludeSubdomains,
    hsts_preload: listener.hstsPreload,
  };
}
export type ListenerView = ReturnType<typeof listenerView>;

/** Every attribute of the view (what lists filter, sort and select on), read off the view itself. */
export const LISTENER_ATTRIBUTES: ReadonlySet<string> = new Set(
  Object.keys(
    listenerView(
      { createdAt: new Date(0), updatedAt: new Date(0), allowedCidrs: [] } as unknown as ListenerEntity,
      [],
    ),
  ),
);

/** The attributes stored as plain columns: lists on these are filtered and paged in SQL. */
export const LISTENER_COLUMNS: ListColumns = {
  ...PROVISIONED_RESOURCE_COLUMNS,
  protocol: column('text', 'protocol'),
  protocol_port: column('integer', 'protocol_port'),
  connection_limit: column('integer', 'connection_limit'),
  default_pool_id: column('uuid', 'default_pool_id'),
  default_tls_container_ref: column('text', 'default_tls_container_ref'),
  timeout_client_data: column('integer', 'timeout_client_data'),
  timeout_member_connect: column('integer', 'timeout_member_connect'),
  timeout_member_data: column('integer', 'timeout_member_data'),
  timeout_tcp_inspect: column('integer', 'timeout_tcp_inspect'),
  loadbalancer_id: column('uuid', 'loadbalancer_id'),
  client_authentication: column('text', 'client_authentication'),
  client_ca_tls_container_ref: column('text', 'client_ca_tls_container_ref'),
  client_crl_container_ref: column('text', 'client_crl_container_ref'),
  tls_ciphers: column('text', 'tls_ciphers'),
  hsts_max_age: column('integer', 'hsts_max_age'),
  hsts_include_subdomains: column('boolean', 'hsts_include_subdomains'),
  hsts_preload: column('boolean', 'hsts_preload'),
};
