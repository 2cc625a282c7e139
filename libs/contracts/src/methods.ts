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
  GetLoadbalancerGraph = 'get_loadbalancer_graph',
  UpdateStatus = 'update_status',
  UpdateStats = 'update_stats',
}

/**
 * Version of the wire contract, carried in every envelope. A receiver accepts any message of the same
 * major version; minor versions only add optional fields.
 */
export const RPC_CONTRACT_VERSION = '1.3';
// 1.1: ListenerGraph.sni_certificate_pems (absent from a 1.0 server's graphs: no SNI certificates).
// 1.2: operating_status on the graph's load balancer, listeners, pools, members and monitors (absent from
//      an older server's graphs: the agent then reports every status, as before).
// 1.3: HealthMonitorGraph.http_version and domain_name (absent from an older server's graphs: HTTP/1.0
//      checks without a Host header, as before); ListenerGraph.alpn_protocols and hsts_* (absent: no ALPN,
//      no HSTS header, as before); pool protocol PROXYV2 and lb_algorithm SOURCE_IP_PORT
//      (new values an agent older than 1.3 does not know: deploy/MULTINODE.md says when to use them).
