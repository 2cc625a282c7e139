import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** Agent type recorded by the server, as neutron names the LBaaS v2 agent. */
export const AGENT_TYPE = 'Loadbalancerv2 agent';
export const AGENT_BINARY = 'lbaas-agent';

export const INTERFACE_DRIVERS = ['ovs', 'linuxbridge'] as const;
export type InterfaceDriverName = (typeof INTERFACE_DRIVERS)[number];

export const TOPOLOGIES = ['SINGLE', 'ACTIVE_STANDBY'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

/** Host names double as routing keys, so keep them to what a hostname may contain. */
export const HOST_NAME_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,253})$/;

/**
 * Availability zone names (neutron's agent option, the compute_zone of an availability zone profile):
 * they are compared and shown, never written into a configuration, but stay plain all the same.
 */
export const AVAILABILITY_ZONE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,254}$/;

/** What an agent says about itself in every state report (neutron's `configurations`). */
export class AgentConfigurations {
  @IsString()
  @IsNotEmpty()
  device_driver!: string;

  @IsIn(INTERFACE_DRIVERS)
  interface_driver!: InterfaceDriverName;

  @IsInt()
  @Min(0)
  instances!: number;

  @IsInt()
  @Min(1)
  report_interval!: number;

  @IsInt()
  @Min(1)
  periodic_interval!: number;

  /**
   * Contract 1.9: whether the agent talks to the broker over TLS. The server sends private keys only to an
   * agent that says so (absent: an older agent, whose link counts as plain).
   */
  @IsOptional()
  @IsBoolean()
  broker_tls?: boolean;

  /**
   * Contract 1.11: true in the last report of an agent that is shutting down (a restart, an upgrade), false
   * in the others. The server moves load balancers off an agent whose queue lost its consumer without
   * waiting for agent_down_time only when it said false: a process that died, not one that stopped (absent:
   * an older agent, which only agent_down_time judges).
   */
  @IsOptional()
  @IsBoolean()
  stopping?: boolean;

  /**
   * Contract 1.12: the topologies it can run (ACTIVE_STANDBY needs keepalived on its node). Only agents
   * that list ACTIVE_STANDBY get ACTIVE_STANDBY instances (absent: an older agent, SINGLE only).
   */
  @IsOptional()
  @IsIn(TOPOLOGIES, { each: true })
  topologies?: Topology[];
}

/** Payload of the `report_state` cast (the heartbeat). */
export class AgentStateReport {
  @Matches(HOST_NAME_PATTERN, { message: 'host must be a valid host name' })
  host!: string;

  @IsString()
  @MaxLength(255)
  binary!: string;

  @IsString()
  @MaxLength(255)
  topic!: string;

  @IsIn([AGENT_TYPE])
  agent_type!: string;

  /** True in the first report after the agent process started. */
  @IsOptional()
  @IsBoolean()
  start_flag?: boolean;

  @ValidateNested()
  @Type(() => AgentConfigurations)
  configurations!: AgentConfigurations;

  /** The zone its node is in (neutron's agent field; contract 1.6, absent from older agents: no zone). */
  @IsOptional()
  @Matches(AVAILABILITY_ZONE_PATTERN, { message: 'availability_zone must be a zone name' })
  availability_zone?: string;
}
