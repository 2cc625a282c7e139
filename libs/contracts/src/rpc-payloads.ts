/** Payloads of the server <-> agent calls (validated on receipt with class-validator). */
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { HOST_NAME_PATTERN } from './agent-state';
import type { ReportedObjectType } from './status-report';
import { OperatingStatus, ProvisioningStatus } from './statuses';

const OBJECT_TYPES: ReportedObjectType[] = [
  'loadbalancer',
  'listener',
  'pool',
  'member',
  'healthmonitor',
  'l7policy',
  'l7rule',
];

/** server -> agent: converge / destroy one load balancer. The agent fetches the graph itself. */
export class LoadBalancerRef {
  @IsUUID()
  loadbalancer_id!: string;
}

export class AgentUpdatedPayload {
  @IsBoolean()
  admin_state_up!: boolean;
}

export class HostRef {
  @Matches(HOST_NAME_PATTERN)
  host!: string;
}

export class GraphRequest extends LoadBalancerRef {
  @Matches(HOST_NAME_PATTERN)
  host!: string;

  /**
   * Contract 1.9: whether the asking agent's broker link is TLS now (what its heartbeat says may be
   * older): the server sends private keys only when it is.
   */
  @IsOptional()
  @IsBoolean()
  broker_tls?: boolean;
}

export class ObjectStatusPayload {
  @IsIn(OBJECT_TYPES)
  type!: ReportedObjectType;

  @IsUUID()
  id!: string;

  @IsOptional()
  @IsIn(Object.values(ProvisioningStatus))
  provisioning_status?: ProvisioningStatus;

  @IsOptional()
  @IsIn(Object.values(OperatingStatus))
  operating_status?: OperatingStatus;
}

/**
 * agent -> server. After a deploy, `deployed` says whether it succeeded (pending objects then settle);
 * the periodic report leaves it out and only refreshes operating statuses.
 */
export class UpdateStatusPayload extends LoadBalancerRef {
  @Matches(HOST_NAME_PATTERN)
  host!: string;

  @IsOptional()
  @IsBoolean()
  deployed?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ObjectStatusPayload)
  statuses!: ObjectStatusPayload[];
}

export class ListenerStatsPayload {
  @IsUUID()
  listener_id!: string;

  @IsInt() @Min(0) bytes_in!: number;
  @IsInt() @Min(0) bytes_out!: number;
  @IsInt() @Min(0) active_connections!: number;
  @IsInt() @Min(0) total_connections!: number;
  @IsInt() @Min(0) request_errors!: number;
}

export class UpdateStatsPayload extends LoadBalancerRef {
  @Matches(HOST_NAME_PATTERN)
  host!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ListenerStatsPayload)
  listeners!: ListenerStatsPayload[];
}
