import { Type } from 'class-transformer';
import { envelope } from '../../platform/rest/envelope.dto';
import {
  IsBoolean,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  type AlpnProtocol,
  LB_ALGORITHMS,
  type LbAlgorithm,
  POOL_PROTOCOLS,
  type PoolProtocol,
  SESSION_PERSISTENCE_TYPES,
  type SessionPersistenceType,
  type TlsVersion,
} from '@lbaas/contracts';
import {
  type OwnerFields,
  ProjectIdField,
  ProvisionedUpdateBody,
  OneOf,
  IntegerField,
  NullableRefField,
  TlsVersionsField,
  CipherListField,
  AlpnProtocolsField,
  UNSUPPORTED_PROTOCOLS,
} from '../../platform/rest/resource-body.dto';

export class SessionPersistenceBody {
  @OneOf(SESSION_PERSISTENCE_TYPES)
  type!: SessionPersistenceType;

  @ValidateIf((_b, value) => value !== null)
  @IsOptional()
  @IsString()
  @MaxLength(255)
  cookie_name?: string | null;

  /** Octavia 2.2, UDP pools only (pool-rules.ts): seconds a client sticks to its member; null: 360. */
  @ValidateIf((_b, value) => value !== null)
  @IsOptional()
  @IntegerField(0)
  persistence_timeout?: number | null;

  /** Octavia 2.2, UDP pools only: the IPv4 netmask grouping clients that stick; null: 255.255.255.255. */
  @ValidateIf((_b, value) => value !== null)
  @IsOptional()
  @IsString()
  @MaxLength(64)
  persistence_granularity?: string | null;
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

  /** Re-encrypt: connections to members speak TLS. */
  @IsOptional()
  @IsBoolean()
  tls_enabled?: boolean;

  /** A certificate container: the certificate presented to members that ask for one. */
  @NullableRefField()
  tls_container_ref?: string | null;

  /** A secret holding the CA bundle members' certificates must chain to. */
  @NullableRefField()
  ca_tls_container_ref?: string | null;

  /** A secret holding the revocation list checked with that CA. */
  @NullableRefField()
  crl_container_ref?: string | null;

  /** TLS versions towards members; null: the operator's default. */
  @TlsVersionsField()
  tls_versions?: TlsVersion[] | null;

  /** An OpenSSL cipher list towards members; null: the operator's default. */
  @CipherListField()
  tls_ciphers?: string | null;

  /** ALPN protocols offered to members (h2: HTTP/2); null: none. */
  @AlpnProtocolsField()
  alpn_protocols?: AlpnProtocol[] | null;
}

/** A new pool: the owner and its protocol, immutable afterwards. */
export class PoolSpec extends UpdatePoolBody implements OwnerFields {
  @ProjectIdField('project_id')
  project_id?: string;

  @ProjectIdField('tenant_id')
  tenant_id?: string;

  @OneOf(POOL_PROTOCOLS, { unsupported: UNSUPPORTED_PROTOCOLS })
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
