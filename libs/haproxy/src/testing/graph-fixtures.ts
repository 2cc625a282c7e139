/** Builders of load balancer graphs for tests: sensible defaults, any field overridable. */
import {
  type HealthMonitorGraph,
  type L7PolicyGraph,
  type L7RuleGraph,
  type ListenerGraph,
  type LoadBalancerGraph,
  type MemberGraph,
  type PoolGraph,
  ProvisioningStatus,
} from '@lbaas/contracts';

/** Readable fixed ids: `id('pool', 1)` -> 00000000-0000-4000-8000-pool00000001 shaped as a UUID. */
export function fixtureId(
  kind: 'lb' | 'listener' | 'pool' | 'member' | 'monitor' | 'policy' | 'rule' | 'port',
  n: number,
): string {
  const codes = {
    lb: 'a',
    listener: 'b',
    pool: 'c',
    member: 'd',
    monitor: 'e',
    policy: 'f',
    rule: '1',
    port: '2',
  } as const;
  return `${codes[kind].repeat(8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

const ACTIVE = ProvisioningStatus.Active;

export function member(n: number, change: Partial<MemberGraph> = {}): MemberGraph {
  return {
    id: fixtureId('member', n),
    admin_state_up: true,
    provisioning_status: ACTIVE,
    address: `198.51.100.${10 + n}`,
    protocol_port: 80,
    weight: 1,
    backup: false,
    monitor_address: null,
    monitor_port: null,
    ...change,
  };
}

export function monitor(change: Partial<HealthMonitorGraph> = {}): HealthMonitorGraph {
  return {
    id: fixtureId('monitor', 1),
    admin_state_up: true,
    provisioning_status: ACTIVE,
    type: 'HTTP',
    delay: 10,
    timeout: 5,
    max_retries: 3,
    max_retries_down: 3,
    http_method: 'GET',
    url_path: '/',
    expected_codes: '200',
    ...change,
  };
}

export function pool(n: number, change: Partial<PoolGraph> = {}): PoolGraph {
  return {
    id: fixtureId('pool', n),
    admin_state_up: true,
    provisioning_status: ACTIVE,
    protocol: 'HTTP',
    lb_algorithm: 'ROUND_ROBIN',
    session_persistence: null,
    members: [member(1), member(2)],
    healthmonitor: null,
    ...change,
  };
}

export function rule(n: number, change: Partial<L7RuleGraph> = {}): L7RuleGraph {
  return {
    id: fixtureId('rule', n),
    admin_state_up: true,
    provisioning_status: ACTIVE,
    type: 'PATH',
    compare_type: 'STARTS_WITH',
    key: null,
    value: '/api',
    invert: false,
    ...change,
  };
}

export function policy(n: number, change: Partial<L7PolicyGraph> = {}): L7PolicyGraph {
  return {
    id: fixtureId('policy', n),
    admin_state_up: true,
    provisioning_status: ACTIVE,
    action: 'REJECT',
    position: n,
    redirect_pool_id: null,
    redirect_url: null,
    redirect_prefix: null,
    redirect_http_code: null,
    rules: [rule(n)],
    ...change,
  };
}

export function listener(n: number, change: Partial<ListenerGraph> = {}): ListenerGraph {
  return {
    id: fixtureId('listener', n),
    admin_state_up: true,
    provisioning_status: ACTIVE,
    protocol: 'HTTP',
    protocol_port: 80,
    connection_limit: -1,
    default_pool_id: fixtureId('pool', 1),
    insert_headers: {},
    timeout_client_data: 50000,
    timeout_member_connect: 5000,
    timeout_member_data: 50000,
    timeout_tcp_inspect: 0,
    allowed_cidrs: [],
    default_tls_container_ref: null,
    tls_certificate_pem: null,
    l7policies: [],
    ...change,
  };
}

export function loadBalancer(change: Partial<LoadBalancerGraph> = {}): LoadBalancerGraph {
  return {
    id: fixtureId('lb', 1),
    admin_state_up: true,
    provisioning_status: ACTIVE,
    vip: {
      address: '198.51.100.5',
      port_id: fixtureId('port', 1),
      mac_address: 'fa:16:3e:00:00:01',
      ip_version: 4,
      prefix_length: 24,
      gateway_ip: '198.51.100.1',
      network_id: '3c3c3c3c-0000-4000-8000-000000000001',
      subnet_id: '4d4d4d4d-0000-4000-8000-000000000001',
      segmentation_id: 101,
      mtu: 1500,
    },
    listeners: [listener(1)],
    pools: [pool(1)],
    ...change,
  };
}
