import { Type } from 'class-transformer';
import { envelope } from '../../platform/rest/envelope.dto';
import {
  IsArray,
  IsBoolean,
  IsIP,
  IsOptional,
  IsUUID,
  ValidateIf,
  ValidateNested,
  ArrayMaxSize,
} from 'class-validator';
import {
  type OwnerFields,
  ProjectIdField,
  ProvisionedUpdateBody,
  IntegerField,
} from '../../platform/rest/resource-body.dto';

export class UpdateMemberBody extends ProvisionedUpdateBody {
  @IsOptional()
  @IntegerField(0, 256)
  weight?: number;

  @IsOptional()
  @IsBoolean()
  backup?: boolean;

  @ValidateIf((_b, value) => value !== null)
  @IsOptional()
  @IsIP(undefined, { message: 'monitor_address must be an IPv4 or IPv6 address or null' })
  monitor_address?: string | null;

  @ValidateIf((_b, value) => value !== null)
  @IsOptional()
  @IntegerField(1, 65535)
  monitor_port?: number | null;
}

export class CreateMemberBody extends UpdateMemberBody implements OwnerFields {
  @ProjectIdField('project_id')
  project_id?: string;

  @ProjectIdField('tenant_id')
  tenant_id?: string;

  @IsIP(undefined, { message: 'address must be an IPv4 or IPv6 address' })
  address!: string;

  @IntegerField(1, 65535)
  protocol_port!: number;

  @IsOptional()
  @IsUUID(undefined, { message: 'subnet_id must be a UUID' })
  subnet_id?: string;
}

export class CreateMemberRequest extends envelope('member', CreateMemberBody) {}

export class UpdateMemberRequest extends envelope('member', UpdateMemberBody) {}

/** Octavia's batch update: the pool's whole member list. */
export class ReplaceMembersRequest {
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CreateMemberBody)
  members!: CreateMemberBody[];
}
