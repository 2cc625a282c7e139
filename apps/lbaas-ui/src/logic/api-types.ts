/** The parts of the API's answers the dashboard reads (Octavia v2 and neutron's agents). */

export interface StatusNode {
  id: string;
  name: string;
  provisioning_status: string;
  operating_status: string;
}

export interface StatusTreeMember extends StatusNode {
  address: string;
  protocol_port: number;
}

export interface StatusTreePool extends StatusNode {
  health_monitor?: StatusNode & { type: string };
  members: StatusTreeMember[];
}

export interface StatusTreeLoadBalancer extends StatusNode {
  listeners: (StatusNode & { pools: StatusTreePool[] })[];
}

export interface LoadBalancer extends StatusNode {
  description: string;
  vip_address: string;
  vip_subnet_id: string;
  admin_state_up: boolean;
  project_id: string;
  provider: string;
  flavor_id: string | null;
  availability_zone: string | null;
  listeners: { id: string }[];
  pools: { id: string }[];
  created_at: string;
}

export interface Listener extends StatusNode {
  protocol: string;
  protocol_port: number;
  default_pool_id: string | null;
}

export interface Pool extends StatusNode {
  protocol: string;
  lb_algorithm: string;
  healthmonitor_id: string | null;
}

export interface Member extends StatusNode {
  address: string;
  protocol_port: number;
  weight: number;
  admin_state_up: boolean;
  backup: boolean;
}

export interface Subnet {
  id: string;
  name: string;
  cidr: string;
  network_id: string;
}

export interface Agent {
  id: string;
  host: string;
  alive: boolean;
  admin_state_up: boolean;
  availability_zone: string | null;
  heartbeat_timestamp: string;
}

export interface Stats {
  active_connections: number;
  total_connections: number;
  bytes_in: number;
  bytes_out: number;
  request_errors: number;
}
