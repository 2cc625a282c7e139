import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import {
  L7_COMPARE_TYPES,
  L7_POLICY_ACTIONS,
  L7_RULE_TYPES,
  type L7CompareType,
  type L7PolicyAction,
  type L7RuleType,
  REDIRECT_HTTP_CODES,
} from '@lbaas/contracts';
import { envelope } from '../../platform/rest/envelope.dto';
import {
  type OwnerFields,
  ProjectIdField,
  ProvisionedUpdateBody,
  IntegerField,
  OneOf,
} from '../../platform/rest/resource-body.dto';

const nullable = () => ValidateIf((_b, value) => value !== null);

export class UpdateL7PolicyBody extends ProvisionedUpdateBody {
  @IsOptional()
  @OneOf(L7_POLICY_ACTIONS)
  action?: L7PolicyAction;

  @nullable()
  @IsOptional()
  @IsUUID(undefined, { message: 'redirect_pool_id must be a UUID or null' })
  redirect_pool_id?: string | null;

  @nullable()
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  redirect_url?: string | null;

  @nullable()
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  redirect_prefix?: string | null;

  @nullable()
  @IsOptional()
  @OneOf(REDIRECT_HTTP_CODES)
  redirect_http_code?: number | null;

  @IsOptional()
  @IntegerField(1, 2147483647)
  position?: number;
}

export class CreateL7PolicyBody extends UpdateL7PolicyBody implements OwnerFields {
  @ProjectIdField('project_id')
  project_id?: string;

  @ProjectIdField('tenant_id')
  tenant_id?: string;

  @IsUUID(undefined, { message: 'listener_id must be a UUID' })
  listener_id!: string;
}

export class UpdateL7RuleBody extends ProvisionedUpdateBody {
  @IsOptional()
  @OneOf(L7_RULE_TYPES)
  type?: L7RuleType;

  @IsOptional()
  @OneOf(L7_COMPARE_TYPES)
  compare_type?: L7CompareType;

  @nullable()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  key?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  value?: string;

  @IsOptional()
  @IsBoolean()
  invert?: boolean;
}

export class CreateL7RuleBody extends UpdateL7RuleBody implements OwnerFields {
  @ProjectIdField('project_id')
  project_id?: string;

  @ProjectIdField('tenant_id')
  tenant_id?: string;
}

export class CreateL7PolicyRequest extends envelope('l7policy', CreateL7PolicyBody) {}

export class UpdateL7PolicyRequest extends envelope('l7policy', UpdateL7PolicyBody) {}

export class CreateL7RuleRequest extends envelope('rule', CreateL7RuleBody) {}

export class UpdateL7RuleRequest extends envelope('rule', UpdateL7RuleBody) {}
