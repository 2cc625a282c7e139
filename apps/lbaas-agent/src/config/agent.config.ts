import { hostname } from 'node:os';
import { join } from 'node:path';
import { IsBoolean, IsIn, IsInt, IsIP, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AVAILABILITY_ZONE_PATTERN, HOST_NAME_PATTERN, type InterfaceDriverName } from '@lbaas/contracts';
import { CommonConfig, Option } from '@lbaas/config';

/** `interface_driver` values accepted, including neutron's class paths so an existing lbaas_agent.ini works. */
export const INTERFACE_DRIVER_ALIASES: Record<string, InterfaceDriverName> = {
  ovs: 'ovs',
  openvswitch: 'ovs',
  'neutron.agent.linux.interface.OVSInterfaceDriver': 'ovs',
  linuxbridge: 'linuxbridge',
  'neutron.agent.linux.interface.BridgeInterfaceDriver': 'linuxbridge',
};

/**
 * Device drivers (neutron-lbaas's device_driver): haproxy in a namespace, or the dry run that only
 * records (control-plane benchmarks; Octavia's noop amphora driver).
 */
export const DEVICE_DRIVER_ALIASES: Record<string, 'haproxy_ns' | 'noop'> = {
  haproxy_ns: 'haproxy_ns',
  'neutron_lbaas.drivers.haproxy.namespace_driver.HaproxyNSDriver': 'haproxy_ns',
  noop: 'noop',
};

/** Comma-separated ip:port pairs (IPv6 in brackets); each address is checked again when parsed. */
const LOG_TARGETS_PATTERN =
  /^$|^(?:(?:\[[0-9A-Fa-f:.]+\]|[0-9.]+):\d{1,5})(?:,(?:(?:\[[0-9A-Fa-f:.]+\]|[0-9.]+):\d{1,5}))*$/;

/** Configuration of lbaas-agent (INI file via --config-file, then LBAAS_* environment variables). */
export class AgentConfig extends CommonConfig {
  @Option({ help: 'Name of this network node; the server addresses the agent by it. Default: the hostname.' })
  @Matches(HOST_NAME_PATTERN, { message: 'host must be a host name (letters, digits, ".", "-", "_")' })
  host: string = hostname();

  @Option({
    help: "Availability zone of this node (neutron's option): load balancers created in an availability zone whose profile names it as compute_zone are placed only on agents reporting it.",
    sections: ['DEFAULT', 'AGENT'],
  })
  @Matches(AVAILABILITY_ZONE_PATTERN, {
    message: 'availability_zone must be a zone name (letters, digits, ".", ":", "-", "_"; at most 255)',
  })
  availabilityZone: string = 'nova';

  @Option({
    help: 'Seconds between two state reports (heartbeats) to the server.',
    sections: ['DEFAULT', 'AGENT'],
  })
  @IsInt()
  @Min(1)
  @Max(3600)
  reportInterval: number = 2;

  @Option({ help: 'Seconds between two periodic tasks (statistics, status, reconcile).' })
  @IsInt()
  @Min(1)
  @Max(3600)
  periodicInterval: number = 10;

  @Option({ help: 'Folder where the agent keeps the state of its load balancers (configs, sockets, pids).' })
  @IsString()
  @Matches(/^\//, { message: 'state_path must be an absolute path' })
  // haproxy refuses admin socket paths over 97 characters; <state_path>/lbaas/v2/<id>/haproxy.sock adds 59.
  @MaxLength(38, {
    message: 'state_path must be at most 38 characters (haproxy limits its socket path under it)',
  })
  statePath: string = '/var/lib/lbaas';

  @Option({ help: 'How VIP ports are plugged: ovs or linuxbridge (neutron class paths accepted).' })
  @IsIn(Object.keys(INTERFACE_DRIVER_ALIASES), {
    message: `interface_driver must be one of ${Object.keys(INTERFACE_DRIVER_ALIASES).join(', ')}`,
  })
  interfaceDriver: string = 'ovs';

  @Option({
    help: 'What serves the load balancers: haproxy_ns (haproxy in a namespace per load balancer; the neutron class path is accepted) or noop (a dry run that records each deploy and reports success, serving nothing: control-plane benchmarks only; the server schedules on such agents only with allow_dry_run_agents).',
  })
  @IsIn(Object.keys(DEVICE_DRIVER_ALIASES), {
    message: `device_driver must be one of ${Object.keys(DEVICE_DRIVER_ALIASES).join(', ')}`,
  })
  deviceDriver: string = 'haproxy_ns';

  @Option({
    help: 'Open vSwitch bridge that VIP ports are plugged into (ovs driver).',
    sections: ['DEFAULT', 'OVS'],
  })
  @Matches(/^[A-Za-z0-9_.-]{1,15}$/, {
    message: 'ovs_integration_bridge must be a bridge name (at most 15 characters)',
  })
  ovsIntegrationBridge: string = 'br-int';

  @Option({
    help: 'Group haproxy runs as (its user is nobody): nogroup on Debian and Ubuntu, nobody on Red Hat.',
    sections: ['haproxy'],
  })
  @Matches(/^[A-Za-z_][A-Za-z0-9_-]{0,31}$/, { message: 'user_group must be a group name' })
  userGroup: string = 'nogroup';

  @Option({
    help: "Log every request (HTTP listeners) and connection (TCP listeners) of each load balancer (Octavia's option); haproxy's own events are logged either way.",
    sections: ['DEFAULT', 'haproxy_amphora'],
  })
  @IsBoolean()
  connectionLogging: boolean = true;

  @Option({
    help: 'Folder of the per-load-balancer access logs (<load balancer id>.log, rotated). Empty: <state_path>/access-logs.',
  })
  @Matches(/^(\/.*)?$/, { message: 'access_log_dir must be empty or an absolute path' })
  accessLogDir: string = '';

  @Option({ help: "Size at which a load balancer's access log is rotated, in bytes." })
  @IsInt()
  @Min(4096)
  @Max(1_073_741_824)
  accessLogMaxBytes: number = 10_485_760;

  @Option({ help: 'Rotated access logs kept per load balancer (<id>.log.1 …): bounds its disk use.' })
  @IsInt()
  @Min(0)
  @Max(100)
  accessLogBackupCount: number = 5;

  @Option({
    help: "Write no access log files on this node (Octavia's option), e.g. when tenant_log_targets receive them.",
    sections: ['DEFAULT', 'amphora_agent'],
  })
  @IsBoolean()
  disableLocalLogStorage: boolean = false;

  @Option({
    help: "Syslog receivers of tenant traffic logs (Octavia's option): comma-separated ip:port ([ipv6]:port) pairs; empty: none.",
    sections: ['DEFAULT', 'amphora_agent'],
  })
  @Matches(LOG_TARGETS_PATTERN, { message: 'tenant_log_targets must be comma-separated ip:port pairs' })
  tenantLogTargets: string = '';

  @Option({
    help: "Syslog receivers of haproxy's own events (Octavia's option): comma-separated ip:port pairs; empty: the agent's log.",
    sections: ['DEFAULT', 'amphora_agent'],
  })
  @Matches(LOG_TARGETS_PATTERN, { message: 'admin_log_targets must be comma-separated ip:port pairs' })
  adminLogTargets: string = '';

  @Option({
    help: 'Protocol towards the log targets: UDP (RFC 5424 messages, one per datagram).',
    sections: ['DEFAULT', 'amphora_agent'],
  })
  @IsIn(['UDP'], { message: 'log_protocol must be UDP (TCP is not offered)' })
  logProtocol: string = 'UDP';

  @Option({ help: 'Address the agent serves GET /metrics (Prometheus text) on.' })
  @IsIP(undefined, { message: 'metrics_bind_host must be an IP address' })
  metricsBindHost: string = '127.0.0.1';

  @Option({ help: 'Port of GET /metrics; 0 turns the endpoint off.' })
  @IsInt()
  @Min(0)
  @Max(65535)
  metricsPort: number = 9877;

  /** Where the access log files go. */
  get accessLogFolder(): string {
    return this.accessLogDir || join(this.statePath, 'access-logs');
  }

  get deviceDriverName(): 'haproxy_ns' | 'noop' {
    return DEVICE_DRIVER_ALIASES[this.deviceDriver];
  }

  get interfaceDriverName(): InterfaceDriverName {
    return INTERFACE_DRIVER_ALIASES[this.interfaceDriver];
  }
}
