/**
 * The load balancer graph: everything an agent needs to build one load balancer, as the server sends it
 * in answer to `get_loadbalancer_graph`. It carries ids and validated values only — never names or
 * descriptions — so free text can never reach a haproxy config or a command line.
 *
 * `operating_status` (since contract 1.2) is what the server last recorded for the object, so an agent's
 * periodic refresh sends only the statuses that changed (absent from a 1.1 server: the agent sends all).
 */
import type {
  AlpnProtocol,
  ClientAuthentication,
  HealthMonitorType,
  HttpMethod,
  HttpVersion,
  L7CompareType,
  L7PolicyAction,
  L7RuleType,
  LbAlgorithm,
  ListenerProtocol,
  PoolProtocol,
  SessionPersistenceType,
  TlsVersion,
} from './lbaas-enums';
import type { OperatingStatus, ProvisioningStatus } from './statuses';

export interface VipGraph {
  address: string;
  port_id: string;
  mac_address: string;
  ip_version: 4 | 6;
  /** The subnet's prefix length, for `ip addr add <address>/<prefix>`. */
  prefix_length: number;
  gateway_ip: string | null;
  network_id: string;
  subnet_id: string;
  /**
   * Local VLAN tag of the network's ports on br-int; null (contract 1.13) when Neutron's OVS agent tags
   * them (network_driver = neutron): the agent then only plugs the port with its iface-id.
   */
  segmentation_id: number | null;
  mtu: number;
  /**
   * Contract 1.7: the port's other addresses (Octavia's additional_vips), each on another subnet of the
   * network; haproxy binds every listener on each (absent from an older server: none).
   */
  additional_addresses?: AdditionalAddressGraph[];
}

export interface AdditionalAddressGraph {
  address: string;
  ip_version: 4 | 6;
  prefix_length: number;
  subnet_id: string;
}

export interface MemberGraph {
  id: string;
  admin_state_up: boolean;
  provisioning_status: ProvisioningStatus;
  operating_status?: OperatingStatus;
  address: string;
  protocol_port: number;
  weight: number;
  backup: boolean;
  monitor_address: string | null;
  monitor_port: number | null;
}

export interface HealthMonitorGraph {
  id: string;
  admin_state_up: boolean;
  provisioning_status: ProvisioningStatus;
  operating_status?: OperatingStatus;
  type: HealthMonitorType;
  delay: number;
  timeout: number;
  max_retries: number;
  max_retries_down: number;
  http_method: HttpMethod | null;
  url_path: string | null;
  expected_codes: string | null;
  /** Contract 1.3. Without it (an older server), checks go out as HTTP/1.0 without a Host header. */
  http_version?: HttpVersion | null;
  /** Contract 1.3: the Host header of HTTP/1.1 checks. */
  domain_name?: string | null;
}

export interface SessionPersistenceGraph {
  type: SessionPersistenceType;
  cookie_name: string | null;
  /** UDP pools, contract 1.8: seconds a client sticks to its member after its last datagram. */
  persistence_timeout?: number | null;
  /** UDP pools, contract 1.8: the netmask grouping clients that stick together (255.255.255.255: each). */
  persistence_granularity?: string | null;
}

export interface PoolGraph {
  id: string;
  admin_state_up: boolean;
  provisioning_status: ProvisioningStatus;
  operating_status?: OperatingStatus;
  protocol: PoolProtocol;
  lb_algorithm: LbAlgorithm;
  session_persistence: SessionPersistenceGraph | null;
  members: MemberGraph[];
  healthmonitor: HealthMonitorGraph | null;
  /** Contract 1.4: TLS to the members (absent: plain, as before). */
  tls_enabled?: boolean;
  /** Contract 1.4: certificate, intermediates and key presented to members that ask for one. */
  tls_certificate_pem?: string | null;
  /** Contract 1.4: CA bundle members' certificates must chain to (null: members are not verified). */
  ca_certificate_pem?: string | null;
  /** Contract 1.4: revocation list checked with the CA. */
  crl_pem?: string | null;
  tls_versions?: TlsVersion[] | null;
  tls_ciphers?: string | null;
  alpn_protocols?: AlpnProtocol[] | null;
}

export interface L7RuleGraph {
  id: string;
  admin_state_up: boolean;
  provisioning_status: ProvisioningStatus;
  type: L7RuleType;
  compare_type: L7CompareType;
  key: string | null;
  value: string;
  invert: boolean;
}

export interface L7PolicyGraph {
  id: string;
  admin_state_up: boolean;
  provisioning_status: ProvisioningStatus;
  action: L7PolicyAction;
  position: number;
  redirect_pool_id: string | null;
  redirect_url: string | null;
  redirect_prefix: string | null;
  redirect_http_code: number | null;
  rules: L7RuleGraph[];
}

export interface ListenerGraph {
  id: string;
  admin_state_up: boolean;
  provisioning_status: ProvisioningStatus;
  operating_status?: OperatingStatus;
  protocol: ListenerProtocol;
  protocol_port: number;
  /** -1: unlimited. */
  connection_limit: number;
  default_pool_id: string | null;
  insert_headers: Record<string, string>;
  timeout_client_data: number;
  timeout_member_connect: number;
  timeout_member_data: number;
  timeout_tcp_inspect: number;
  allowed_cidrs: string[];
  default_tls_container_ref: string | null;
  /** TERMINATED_HTTPS: certificate, intermediates and key in one PEM, written by the agent with mode 0600. */
  tls_certificate_pem: string | null;
  /**
   * TERMINATED_HTTPS: one PEM bundle per SNI container (in sni_container_refs order); haproxy presents the
   * one whose name matches the client's server name, else the default certificate. Since contract 1.1.
   */
  sni_certificate_pems?: string[];
  /** TERMINATED_HTTPS, contract 1.3: ALPN protocols offered (absent or null: none). */
  alpn_protocols?: AlpnProtocol[] | null;
  /** TERMINATED_HTTPS, contract 1.3: Strict-Transport-Security max-age (absent or null: no header). */
  hsts_max_age?: number | null;
  hsts_include_subdomains?: boolean;
  hsts_preload?: boolean;
  /** TERMINATED_HTTPS, contract 1.4: the versions accepted (absent or null: haproxy's defaults). */
  tls_versions?: TlsVersion[] | null;
  /** TERMINATED_HTTPS, contract 1.4: an OpenSSL cipher list (TLS_* names are TLS 1.3 suites). */
  tls_ciphers?: string | null;
  /** TERMINATED_HTTPS, contract 1.4: whether clients are asked for a certificate (absent: NONE). */
  client_authentication?: ClientAuthentication;
  /** TERMINATED_HTTPS, contract 1.4: the CA bundle clients' certificates must chain to. */
  client_ca_pem?: string | null;
  /** TERMINATED_HTTPS, contract 1.4: the revocation list checked with it. */
  client_crl_pem?: string | null;
  l7policies: L7PolicyGraph[];
}

/** haproxy settings of one load balancer that its flavor sets (contract 1.5); absent: haproxy's defaults. */
export interface TuningGraph {
  /** The most concurrent connections in all (haproxy's global maxconn). */
  maxconn?: number;
  /** haproxy threads. */
  nbthread?: number;
}

export interface LoadBalancerGraph {
  id: string;
  /** Contract 1.7: its project, for the access log lines (absent from an older server: "-"). */
  project_id?: string;
  admin_state_up: boolean;
  provisioning_status: ProvisioningStatus;
  operating_status?: OperatingStatus;
  vip: VipGraph;
  /** Contract 1.5: what the load balancer's flavor tunes (absent from an older server: nothing). */
  tuning?: TuningGraph;
  listeners: ListenerGraph[];
  pools: PoolGraph[];
  /**
   * Contract 1.9: set when the server left the private keys out (a broker link without TLS): why. The agent
   * must not deploy such a graph (a pending change fails with this reason); what it serves stays as it is.
   */
  secrets_withheld?: string;
  /** Contract 1.10: the load balancer's revision when the graph was read (see get_loadbalancer_revisions). */
  revision?: number;
  /**
   * ACTIVE_STANDBY (issue 19): the instance the receiving agent runs. Its namespace holds its own port
   * and runs keepalived, which puts the VIP there while it is the master. Absent: SINGLE topology (the
   * VIP port is plugged in the namespace).
   */
  vrrp?: VrrpInstanceGraph;
}

/** One of the two instances of an ACTIVE_STANDBY load balancer, as its agent runs it. */
export interface VrrpInstanceGraph {
  /** The instance (Octavia's amphora id): its namespace is `qlbaas-<load balancer id>-<instance id prefix>`. */
  instance_id: string;
  /** The role it was built for; the higher priority one becomes master when both start. */
  role: 'MASTER' | 'BACKUP';
  priority: number;
  /** The instance's own port on the VIP's network and subnet (Octavia's vrrp port and `vrrp_ip`). */
  port_id: string;
  mac_address: string;
  address: string;
  /** The other instance's `vrrp_ip`: VRRP adverts are unicast to it. */
  peer_address: string;
  /** VRRP adverts interval, and the haproxy check's interval (whole seconds) and failures to FAULT. */
  advert_interval_s: number;
  check_interval_s: number;
  check_fall: number;
}

/** One hosted load balancer in the answer of get_loadbalancer_revisions (contract 1.10). */
export interface LoadBalancerRevision {
  id: string;
  revision: number;
}
