import { envelope } from '../../platform/rest/envelope.dto';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import {
  HEALTH_MONITOR_TYPES,
  type HealthMonitorType,
  DOMAIN_NAME_PATTERN,
  HTTP_METHODS,
  HTTP_VERSIONS,
  type HttpMethod,
  type HttpVersion,
} from '@lbaas/contracts';
import {
  type OwnerFields,
  ProjectIdField,
  ProvisionedUpdateBody,
  IntegerField,
  OneOf,
  UNSUPPORTED_PROTOCOLS,
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

  /** 1.0 or 1.1 (a JSON number; "1.1" as the CLI may send it counts too); null: HTTP/1.0 checks. */
  @ValidateIf((_b, value) => value !== null)
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^1\.[01]$/.test(value) ? Number(value) : value,
  )
  @OneOf(HTTP_VERSIONS)
  http_version?: HttpVersion | null;

  /** The Host header of the checks (needs http_version 1.1). */
  @ValidateIf((_b, value) => value !== null)
  @IsOptional()
  @IsString()
  @Matches(DOMAIN_NAME_PATTERN, {
    message: 'domain_name must be a host name (RFC 1123), at most 253 characters',
  })
  domain_name?: string | null;
}

/** A new monitor: the owner and its type, immutable afterwards. */
export class HealthMonitorSpec extends UpdateHealthMonitorBody implements OwnerFields {
  @ProjectIdField('project_id')
  project_id?: string;

  @ProjectIdField('tenant_id')
  tenant_id?: string;

  @OneOf(HEALTH_MONITOR_TYPES, { unsupported: UNSUPPORTED_PROTOCOLS })
  type!: HealthMonitorType;
}

/** `POST /healthmonitors` also names the pool. */
export class CreateHealthMonitorBody extends HealthMonitorSpec {
  @IsUUID(undefined, { message: 'pool_id must be a UUID' })
  pool_id!: string;
}

export class CreateHealthMonitorRequest extends envelope('healthmonitor', CreateHealthMonitorBody) {}

export class UpdateHealthMonitorRequest extends envelope('healthmonitor', UpdateHealthMonitorBody) {}
