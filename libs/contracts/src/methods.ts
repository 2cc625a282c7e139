/** Methods the server calls or casts on one agent. */
export enum AgentMethod {
  DeployLoadbalancer = 'deploy_loadbalancer',
  DestroyLoadbalancer = 'destroy_loadbalancer',
  AgentUpdated = 'agent_updated',
}

/** Methods agents call or cast on the server. */
export enum PluginMethod {
  ReportState = 'report_state',
  GetReadyLoadbalancers = 'get_ready_loadbalancers',
  /** Contract 1.10: what get_ready_loadbalancers answers, with each load balancer's revision. */
  GetLoadbalancerRevisions = 'get_loadbalancer_revisions',
  GetLoadbalancerGraph = 'get_loadbalancer_graph',
  UpdateStatus = 'update_status',
  UpdateStats = 'update_stats',
}

/**
 * Version of the wire contract, carried in every envelope. A receiver accepts any message of the same
 * major version; minor versions only add optional fields.
 */
export const RPC_CONTRACT_VERSION = '1.13';
// 1.1: ListenerGraph.sni_certificate_pems (absent from a 1.0 server's graphs: no SNI certificates).
// 1.2: operating_status on the graph's load balancer, listeners, pools, members and monitors (absent from
//      an older server's graphs: the agent then reports every status, as before).
// 1.3: HealthMonitorGraph.http_version and domain_name (absent from an older server's graphs: HTTP/1.0
//      checks without a Host header, as before); ListenerGraph.alpn_protocols and hsts_* (absent: no ALPN,
//      no HSTS header, as before); pool protocol PROXYV2 and lb_algorithm SOURCE_IP_PORT
//      (new values an agent older than 1.3 does not know: deploy/MULTINODE.md says when to use them).
// 1.4: ListenerGraph.tls_versions, tls_ciphers, client_authentication, client_ca_pem, client_crl_pem and
//      PoolGraph.tls_enabled, tls_certificate_pem, ca_certificate_pem, crl_pem, tls_versions, tls_ciphers,
//      alpn_protocols (absent from an older server's graphs: haproxy's TLS defaults, no client
//      certificates, plain connections to members, as before); monitor type TLS-HELLO and L7 rule types
//      SSL_CONN_HAS_CERT, SSL_VERIFY_RESULT, SSL_DN_FIELD (new values an agent older than 1.4 does not know).
// 1.5: LoadBalancerGraph.tuning, what a flavor sets (absent from an older server's graphs: haproxy's defaults;
//      an older agent ignores it).
// 1.6: AgentStateReport.availability_zone (absent from an older agent's reports: it is in no zone, and hosts
//      only load balancers created without one).
// 1.7: LoadBalancerGraph.project_id, written into access log lines (absent from an older server's graphs:
//      "-" in its place); VipGraph.additional_addresses (absent: the VIP address only).
// 1.8: listener and pool protocol UDP, monitor type UDP-CONNECT, SessionPersistenceGraph.persistence_timeout
//      and persistence_granularity (new values an agent older than 1.8 does not know: it would serve a UDP
//      listener as TCP, so upgrade agents before offering UDP; deploy/MULTINODE.md says so).
// 1.9: AgentConfigurations.broker_tls and GraphRequest.broker_tls (absent from an older agent: its broker
//      link counts as plain) and LoadBalancerGraph.secrets_withheld; an older agent asking for a graph
//      with private keys over a plain link gets an error instead (it would deploy the stripped graph).
// 1.10: get_loadbalancer_revisions and LoadBalancerGraph.revision: the periodic pass fetches only graphs
//      whose revision moved (an older server does not know the method: the agent then lists with
//      get_ready_loadbalancers and fetches every graph, as before).
// 1.11: AgentConfigurations.stopping (absent from an older agent's reports: the server waits agent_down_time
//      before it moves that agent's load balancers, as before, even when its process is gone).
// 1.12: AgentConfigurations.topologies (absent from an older agent's reports: SINGLE only).
// 1.13: VipGraph.segmentation_id may be null (network_driver = neutron: Neutron's OVS agent tags the VIP
//      port); an older agent cannot plug such a port, so upgrade agents before switching to Neutron.
