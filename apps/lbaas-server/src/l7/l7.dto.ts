import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import {
  L7_COMPARE_TYPES,
  L7_POLICY_ACTIONS,
  L7_RULE_TYPES,
  type L7CompareType,
  type L7PolicyAction,
  type L7RuleType,
  REDIRECT_HTTP_CODES,
} from '@lbaas/contracts';
import { envelope } from '../resources/envelope.dto';
import {
  type OwnerFields,
  ProjectIdField,
  ProvisionedUpdateBody,
  IntegerField,
} from '../resources/resource-body.dto';

const nullable = () => ValidateIf((_b, value) => value !== null);

export class UpdateL7PolicyBody extends ProvisionedUpdateBody {
  @IsOptional()
  @IsIn(L7_POLICY_ACTIONS, { message: `action must be one of ${L7_POLICY_ACTIONS.join(', ')}` })
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
  @IsIn(REDIRECT_HTTP_CODES, {
    message: `redirect_http_code must be one of ${REDIRECT_HTTP_CODES.join(', ')}`,
  })
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
  @IsIn(L7_RULE_TYPES, { message: `type must be one of ${L7_RULE_TYPES.join(', ')}` })
  type?: L7RuleType;

  @IsOptional()
  @IsIn(L7_COMPARE_TYPES, { message: `compare_type must be one of ${L7_COMPARE_TYPES.join(', ')}` })
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
