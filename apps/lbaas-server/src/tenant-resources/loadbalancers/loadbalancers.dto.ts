import { AVAILABILITY_ZONE_PATTERN } from '@lbaas/contracts';
import { Type } from 'class-transformer';
import { HealthMonitorSpec } from '../healthmonitors/healthmonitors.dto';
import { ListenerSpec } from '../listeners/listeners.dto';
import { CreateMemberBody } from '../members/members.dto';
import { UpdateL7PolicyBody, UpdateL7RuleBody } from '../l7/l7.dto';
import { PoolSpec } from '../pools/pools.dto';
import { envelope } from '../../platform/rest/envelope.dto';
import {
  ArrayMaxSize,
  IsArray,
  IsIP,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { OwnedResourceBody, ProvisionedUpdateBody, TagsField } from '../../platform/rest/resource-body.dto';

/** Octavia 2.26: another address of the load balancer, on another subnet of the VIP's network. */
export class AdditionalVipBody {
  @IsUUID(undefined, { message: 'additional_vips subnet_id must be a UUID' })
  subnet_id!: string;

  @IsOptional()
  @IsIP(undefined, { message: 'additional_vips ip_address must be an IPv4 or IPv6 address' })
  ip_address?: string;
}

export class CreateLoadBalancerBody extends OwnedResourceBody {
  @IsOptional()
  @IsUUID(undefined, { message: 'vip_subnet_id must be a UUID' })
  vip_subnet_id?: string;

  @IsOptional()
  @IsUUID(undefined, { message: 'vip_network_id must be a UUID' })
  vip_network_id?: string;

  @IsOptional()
  @IsIP(undefined, { message: 'vip_address must be an IPv4 or IPv6 address' })
  vip_address?: string;

  /** Octavia's vip_port_id: the caller's own unused port becomes the VIP, and is given back at the end. */
  @IsOptional()
  @IsUUID(undefined, { message: 'vip_port_id must be a UUID' })
  vip_port_id?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => AdditionalVipBody)
  additional_vips?: AdditionalVipBody[];

  @IsOptional()
  @IsString()
  @MaxLength(64)
  provider?: string;

  /** Octavia 2.6: the flavor whose profile's settings the load balancer gets (immutable afterwards). */
  @IsOptional()
  @IsUUID(undefined, { message: 'flavor_id must be a UUID' })
  flavor_id?: string;

  /** Octavia 2.14: the availability zone (by name) whose agents host it, for good. */
  @IsOptional()
  @Matches(AVAILABILITY_ZONE_PATTERN, { message: 'availability_zone must be an availability zone name' })
  availability_zone?: string;

  @TagsField()
  tags?: string[];

  /** Octavia's single-call create: the whole tree in one request. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => GraphListenerBody)
  listeners?: GraphListenerBody[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => GraphPoolBody)
  pools?: GraphPoolBody[];
}

/** A pool inside a single-call create, with its members and monitor. */
export class GraphPoolBody extends PoolSpec {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CreateMemberBody)
  members?: CreateMemberBody[];

  @IsOptional()
  @ValidateNested()
  @Type(() => HealthMonitorSpec)
  healthmonitor?: HealthMonitorSpec;
}

/** An L7 policy inside a single-call create, with its rules and the pool it sends requests to. */
export class GraphL7PolicyBody extends UpdateL7PolicyBody {
  @IsOptional()
  @ValidateNested()
  @Type(() => GraphPoolBody)
  redirect_pool?: GraphPoolBody;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => UpdateL7RuleBody)
  rules?: UpdateL7RuleBody[];
}

/** A listener inside a single-call create, with its default pool and L7 policies. */
export class GraphListenerBody extends ListenerSpec {
  @IsOptional()
  @ValidateNested()
  @Type(() => GraphPoolBody)
  default_pool?: GraphPoolBody;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => GraphL7PolicyBody)
  l7policies?: GraphL7PolicyBody[];
}

export class CreateLoadBalancerRequest extends envelope('loadbalancer', CreateLoadBalancerBody) {}

/** Only these may change after create; the VIP, provider and owner are immutable. */
export class UpdateLoadBalancerBody extends ProvisionedUpdateBody {}

export class UpdateLoadBalancerRequest extends envelope('loadbalancer', UpdateLoadBalancerBody) {}
