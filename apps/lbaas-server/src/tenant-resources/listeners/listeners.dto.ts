import { envelope } from '../../platform/rest/envelope.dto';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import {
  type AlpnProtocol,
  CLIENT_AUTHENTICATION_MODES,
  type ClientAuthentication,
  LISTENER_PROTOCOLS,
  type ListenerProtocol,
  type TlsVersion,
} from '@lbaas/contracts';
import {
  type OwnerFields,
  ProjectIdField,
  ProvisionedUpdateBody,
  IntegerField,
  OneOf,
  NullableRefField,
  TlsVersionsField,
  CipherListField,
  AlpnProtocolsField,
  UNSUPPORTED_PROTOCOLS,
} from '../../platform/rest/resource-body.dto';

const MAX_TIMEOUT_MS = 86_400_000;

/** What may change on a listener after create. */
export class UpdateListenerBody extends ProvisionedUpdateBody {
  @IsOptional()
  @IntegerField(-1, 1_000_000)
  connection_limit?: number;

  @ValidateIf((_b, value) => value !== null)
  @IsOptional()
  @IsUUID(undefined, { message: 'default_pool_id must be a UUID or null' })
  default_pool_id?: string | null;

  @NullableRefField()
  default_tls_container_ref?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(255, { each: true })
  sni_container_refs?: string[];

  @IsOptional()
  @IsObject()
  insert_headers?: Record<string, unknown>;

  /** TERMINATED_HTTPS: ALPN protocols to offer (h2: HTTP/2); null: none. */
  @AlpnProtocolsField()
  alpn_protocols?: AlpnProtocol[] | null;

  /** TERMINATED_HTTPS: the Strict-Transport-Security max-age (seconds); null: no header. */
  @ValidateIf((_b, value) => value !== null)
  @IsOptional()
  @IntegerField(0, 2_147_483_647)
  hsts_max_age?: number | null;

  @IsOptional()
  @IsBoolean()
  hsts_include_subdomains?: boolean;

  @IsOptional()
  @IsBoolean()
  hsts_preload?: boolean;

  /** TERMINATED_HTTPS: the TLS versions accepted; null: the operator's default. */
  @TlsVersionsField()
  tls_versions?: TlsVersion[] | null;

  /** TERMINATED_HTTPS: an OpenSSL cipher list; null: the operator's default. */
  @CipherListField()
  tls_ciphers?: string | null;

  /** TERMINATED_HTTPS: whether clients are asked for a certificate. */
  @IsOptional()
  @OneOf(CLIENT_AUTHENTICATION_MODES)
  client_authentication?: ClientAuthentication;

  /** A secret holding the CA bundle client certificates must chain to. */
  @NullableRefField()
  client_ca_tls_container_ref?: string | null;

  /** A secret holding the revocation list checked with that CA. */
  @NullableRefField()
  client_crl_container_ref?: string | null;

  // UDP listeners: timeout_client_data and timeout_member_connect time out replied and unreplied flows;
  // timeout_member_data and timeout_tcp_inspect do not apply (listener-rules.ts).
  @IsOptional() @IntegerField(0, MAX_TIMEOUT_MS) timeout_client_data?: number;
  @IsOptional() @IntegerField(0, MAX_TIMEOUT_MS) timeout_member_connect?: number;
  @IsOptional() @IntegerField(0, MAX_TIMEOUT_MS) timeout_member_data?: number;
  @IsOptional() @IntegerField(0, MAX_TIMEOUT_MS) timeout_tcp_inspect?: number;

  @ValidateIf((_b, value) => value !== null)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  allowed_cidrs?: string[] | null;
}

/** A new listener: the owner and what is immutable afterwards, protocol and port. */
export class ListenerSpec extends UpdateListenerBody implements OwnerFields {
  @ProjectIdField('project_id')
  project_id?: string;

  @ProjectIdField('tenant_id')
  tenant_id?: string;

  @OneOf(LISTENER_PROTOCOLS, { unsupported: UNSUPPORTED_PROTOCOLS })
  protocol!: ListenerProtocol;

  @IntegerField(1, 65535)
  protocol_port!: number;
}

/** `POST /listeners` also names the load balancer. */
export class CreateListenerBody extends ListenerSpec {
  @IsUUID(undefined, { message: 'loadbalancer_id must be a UUID' })
  loadbalancer_id!: string;
}

export class CreateListenerRequest extends envelope('listener', CreateListenerBody) {}

export class UpdateListenerRequest extends envelope('listener', UpdateListenerBody) {}
