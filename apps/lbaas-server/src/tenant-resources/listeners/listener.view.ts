import { provisionedFields } from '../../lb-graph/provisioned-view';
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
