import { envelope } from '../../platform/rest/envelope.dto';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import {
  HEALTH_MONITOR_TYPES,
  type HealthMonitorType,
  HTTP_METHODS,
  type HttpMethod,
} from '@lbaas/contracts';
import {
  type OwnerFields,
  ProjectIdField,
  ProvisionedUpdateBody,
  IntegerField,
  OneOf,
} from '../../platform/rest/resource-body.dto';

export class UpdateHealthMonitorBody extends ProvisionedUpdateBody {
  @IsOptional() @IntegerField(1, 86400) delay?: number;
  @IsOptional() @IntegerField(1, 86400) timeout?: number;
  @IsOptional() @IntegerField(1, 10) max_retries?: number;
  @IsOptional() @IntegerField(1, 10) max_retries_down?: number;

  @IsOptional()
  @OneOf(HTTP_METHODS)
  http_method?: HttpMethod;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  url_path?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  expected_codes?: string;
}

/** A new monitor: the owner and its type, immutable afterwards. */
export class HealthMonitorSpec extends UpdateHealthMonitorBody implements OwnerFields {
  @ProjectIdField('project_id')
  project_id?: string;

  @ProjectIdField('tenant_id')
  tenant_id?: string;

  @OneOf(HEALTH_MONITOR_TYPES)
  type!: HealthMonitorType;
}

/** `POST /healthmonitors` also names the pool. */
export class CreateHealthMonitorBody extends HealthMonitorSpec {
  @IsUUID(undefined, { message: 'pool_id must be a UUID' })
  pool_id!: string;
}

export class CreateHealthMonitorRequest extends envelope('healthmonitor', CreateHealthMonitorBody) {}

export class UpdateHealthMonitorRequest extends envelope('healthmonitor', UpdateHealthMonitorBody) {}
