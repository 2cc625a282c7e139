import { envelope } from '../resources/envelope.dto';
import { IsIP, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { OwnedResourceBody, ProvisionedUpdateBody, TagsField } from '../resources/resource-body.dto';

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

  @IsOptional()
  @IsString()
  @MaxLength(64)
  provider?: string;

  @TagsField()
  tags?: string[];
}

export class CreateLoadBalancerRequest extends envelope('loadbalancer', CreateLoadBalancerBody) {}

/** Only these may change after create; the VIP, provider and owner are immutable. */
export class UpdateLoadBalancerBody extends ProvisionedUpdateBody {}

export class UpdateLoadBalancerRequest extends envelope('loadbalancer', UpdateLoadBalancerBody) {}
