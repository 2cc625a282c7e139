import { Type } from 'class-transformer';
import { envelope } from '../../platform/rest/envelope.dto';
import { IsIP, IsOptional, IsUUID, ValidateIf, ValidateNested, IsString } from 'class-validator';
import {
  DescribedBody,
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
