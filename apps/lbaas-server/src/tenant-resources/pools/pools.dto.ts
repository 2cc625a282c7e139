import { Type } from 'class-transformer';
import { envelope } from '../../platform/rest/envelope.dto';
import { IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import {
  LB_ALGORITHMS,
  type LbAlgorithm,
  POOL_PROTOCOLS,
  type PoolProtocol,
  SESSION_PERSISTENCE_TYPES,
  type SessionPersistenceType,
} from '@lbaas/contracts';
import {
  type OwnerFields,
  ProjectIdField,
  ProvisionedUpdateBody,
  OneOf,
} from '../../platform/rest/resource-body.dto';

export class SessionPersistenceBody {
  @OneOf(SESSION_PERSISTENCE_TYPES)
  type!: SessionPersistenceType;

  @ValidateIf((_b, value) => value !== null)
  @IsOptional()
  @IsString()
  @MaxLength(255)
  cookie_name?: string | null;
}

export class UpdatePoolBody extends ProvisionedUpdateBody {
  @IsOptional()
  @OneOf(LB_ALGORITHMS)
  lb_algorithm?: LbAlgorithm;

  /** null or {} removes persistence. */
  @ValidateIf(
    (_b, value) =>
      value !== null && !(typeof value === 'object' && Object.keys(value as object).length === 0),
  )
  @IsOptional()
  @ValidateNested()
  @Type(() => SessionPersistenceBody)
  session_persistence?: SessionPersistenceBody | null;
}

/** A new pool: the owner and its protocol, immutable afterwards. */
export class PoolSpec extends UpdatePoolBody implements OwnerFields {
  @ProjectIdField('project_id')
  project_id?: string;

  @ProjectIdField('tenant_id')
  tenant_id?: string;

  @OneOf(POOL_PROTOCOLS)
  protocol!: PoolProtocol;
}

/** `POST /pools` also names where the pool goes: a load balancer, or a listener (as its default pool). */
export class CreatePoolBody extends PoolSpec {
  @IsOptional()
  @IsUUID(undefined, { message: 'loadbalancer_id must be a UUID' })
  loadbalancer_id?: string;

  @IsOptional()
  @IsUUID(undefined, { message: 'listener_id must be a UUID' })
  listener_id?: string;
}

export class CreatePoolRequest extends envelope('pool', CreatePoolBody) {}

export class UpdatePoolRequest extends envelope('pool', UpdatePoolBody) {}
