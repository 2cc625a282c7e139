import { hostname } from 'node:os';
import { IsIn, IsInt, IsIP, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
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

  @Option({ help: 'Address the agent serves GET /metrics (Prometheus text) on.' })
  @IsIP(undefined, { message: 'metrics_bind_host must be an IP address' })
  metricsBindHost: string = '127.0.0.1';

  @Option({ help: 'Port of GET /metrics; 0 turns the endpoint off.' })
  @IsInt()
  @Min(0)
  @Max(65535)
  metricsPort: number = 9877;

  get interfaceDriverName(): InterfaceDriverName {
    return INTERFACE_DRIVER_ALIASES[this.interfaceDriver];
  }
}
