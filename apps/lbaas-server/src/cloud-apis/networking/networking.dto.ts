import { Type } from 'class-transformer';
import { envelope } from '../../platform/rest/envelope.dto';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIP,
  IsOptional,
  IsUUID,
  ValidateIf,
  ValidateNested,
  IsString,
} from 'class-validator';
import {
  DescribedBody,
  type OwnerFields,
  ProjectIdField,
  OwnedResourceBody,
  ResourceBody,
  IntegerField,
  OneOf,
} from '../../platform/rest/resource-body.dto';

export class CreateNetworkBody extends OwnedResourceBody {
  @IsOptional()
  @OneOf(['vlan'])
  'provider:network_type'?: string;

  @IsOptional()
  @IntegerField(1, 4094)
  'provider:segmentation_id'?: number;

  @IsOptional()
  @IntegerField(68, 9000)
  mtu?: number;
}

export class CreateNetworkRequest extends envelope('network', CreateNetworkBody) {}

export class UpdateNetworkRequest extends envelope('network', ResourceBody) {}

export class AllocationPoolBody {
  @IsIP(undefined, { message: 'allocation_pools.start must be an IP address' })
  start!: string;

  @IsIP(undefined, { message: 'allocation_pools.end must be an IP address' })
  end!: string;
}

export class CreateSubnetBody extends OwnedResourceBody {
  @IsUUID(undefined, { message: 'network_id must be a UUID' })
  network_id!: string;

  @IsString()
  cidr!: string;

  @IsOptional()
  @OneOf([4, 6])
  ip_version?: 4 | 6;

  /** null: a subnet without a gateway. */
  @ValidateIf((_body, value) => value !== null)
  @IsOptional()
  @IsIP(undefined, { message: 'gateway_ip must be an IP address or null' })
  gateway_ip?: string | null;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => AllocationPoolBody)
  allocation_pools?: AllocationPoolBody[];

  /** Accepted for compatibility; this IPAM serves no DHCP. */
  @IsOptional()
  @OneOf([false, true])
  enable_dhcp?: boolean;
}

export class CreateSubnetRequest extends envelope('subnet', CreateSubnetBody) {}

export class UpdateSubnetRequest extends envelope('subnet', DescribedBody) {}

export class FixedIpBody {
  @IsUUID(undefined, { message: 'fixed_ips subnet_id must be a UUID' })
  subnet_id!: string;

  @IsOptional()
  @IsIP(undefined, { message: 'fixed_ips ip_address must be an IP address' })
  ip_address?: string;
}

/** A tenant's own port (for a load balancer's vip_port_id): addresses on the network's subnets. */
export class CreatePortBody extends DescribedBody implements OwnerFields {
  @IsUUID(undefined, { message: 'network_id must be a UUID' })
  network_id!: string;

  /** One address per subnet; without it, one on the network's first IPv4 subnet (else its first). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => FixedIpBody)
  fixed_ips?: FixedIpBody[];

  @ProjectIdField('project_id')
  project_id?: string;

  @ProjectIdField('tenant_id')
  tenant_id?: string;
}

export class CreatePortRequest extends envelope('port', CreatePortBody) {}
