import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ALPN_PROTOCOLS, TLS_VERSIONS } from '@lbaas/contracts';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';

const PROJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Free text (name, description): stored and shown, never rendered into a config or a command. */
export const FreeTextField = () => applyDecorators(IsOptional(), IsString(), MaxLength(255));

/** Decimal digits, as Octavia (WSME) reads them into an integer field. */
const INTEGER_STRING = /^[-+]?\d{1,15}$/;

/**
 * An integer in [min, max]. A string of decimal digits counts as that integer, as in Octavia: the
 * OpenStack CLI sends some integers as strings (`"connection_limit": "100"`, a monitor's `"delay": "5"`).
 */
export const IntegerField = (min: number, max?: number) =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && INTEGER_STRING.test(value) ? Number(value) : value,
    ),
    IsInt(),
    Min(min),
    ...(max === undefined ? [] : [Max(max)]),
  );

/**
 * One of a fixed set of values. Refused in Octavia's words, which clients match on: "Invalid input for
 * field/attribute protocol. Value: 'FOO'. Value should be one of: …" (see validation-errors.ts). A value
 * of `unsupported` (a known value this service does not offer) is told why before that.
 */
export const OneOf = (
  values: readonly unknown[],
  options: { each?: boolean; unsupported?: Readonly<Record<string, string>> } = {},
) => {
  const { unsupported, ...isInOptions } = options;
  const oneOf = `Value should be one of: ${values.join(', ')}`;
  return IsIn(values as unknown[], {
    ...isInOptions,
    message: ({ value }: ValidationArguments) => {
      const why =
        typeof value === 'string' && unsupported && Object.hasOwn(unsupported, value)
          ? unsupported[value]
          : undefined;
      return why ? `${why}. ${oneOf}` : oneOf;
    },
  });
};

/** Protocols (and monitor types) Octavia knows that no node here can serve, and why. */
export const UNSUPPORTED_PROTOCOLS: Readonly<Record<string, string>> = {
  SCTP: 'SCTP is not supported (no SCTP sockets on the nodes)',
};

export const AdminStateField = () => applyDecorators(IsOptional(), IsBoolean());

/** `project_id` or its old name `tenant_id`: whose object it is (admins only may name another project). */
export const ProjectIdField = (name: 'project_id' | 'tenant_id') =>
  applyDecorators(
    IsOptional(),
    Matches(PROJECT_ID, { message: `${name} must be 1 to 64 letters, digits, "-" or "_"` }),
  );

/** Octavia's tags: strings of at most 255 characters, as many as the request body holds (no count limit). */
export const TagsField = () =>
  applyDecorators(IsOptional(), IsArray(), IsString({ each: true }), MaxLength(255, { each: true }));

/** A field that may be null (to clear it) or left out; otherwise checked by `decorators`. */
const Nullable = (...decorators: PropertyDecorator[]) =>
  applyDecorators(
    ValidateIf((_body, value) => value !== null),
    IsOptional(),
    ...decorators,
  );

/** A Barbican reference (a URL or a bare id) of a secret or a certificate container; null clears it. */
export const NullableRefField = () => Nullable(IsString(), MaxLength(255));

/** TLS versions of a listener or pool; null: the operator's default. */
export const TlsVersionsField = () =>
  Nullable(IsArray(), ArrayMaxSize(TLS_VERSIONS.length), OneOf(TLS_VERSIONS, { each: true }));

/** An OpenSSL cipher list (its rules: lb-graph/tls-rules.ts); null: the operator's default. */
export const CipherListField = () => Nullable(IsString(), MaxLength(2048));

/** ALPN protocols to offer (h2: HTTP/2); null: none. */
export const AlpnProtocolsField = () =>
  Nullable(IsArray(), ArrayMaxSize(ALPN_PROTOCOLS.length), OneOf(ALPN_PROTOCOLS, { each: true }));

export class DescribedBody {
  @FreeTextField()
  name?: string;

  @FreeTextField()
  description?: string;
}

export class ResourceBody extends DescribedBody {
  @AdminStateField()
  admin_state_up?: boolean;
}

export interface OwnerFields {
  project_id?: string;
  tenant_id?: string;
}

export class OwnedResourceBody extends ResourceBody implements OwnerFields {
  @ProjectIdField('project_id')
  project_id?: string;

  @ProjectIdField('tenant_id')
  tenant_id?: string;
}

/** Update bodies of load balancer objects: free text, admin state and tags. */
export class ProvisionedUpdateBody extends ResourceBody {
  @TagsField()
  tags?: string[];
}
