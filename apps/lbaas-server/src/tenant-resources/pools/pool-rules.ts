import {
  type AlpnProtocol,
  type LbAlgorithm,
  type PoolProtocol,
  type SessionPersistenceType,
  UDP_LB_ALGORITHMS,
  UDP_PERSISTENCE_DEFAULTS,
} from '@lbaas/contracts';
import type { SessionPersistence } from '../../lb-graph/entities/pool.entity';

/**
 * Cookie names become part of haproxy's config: RFC 6265 token characters without the ones haproxy's
 * parser treats specially (`#` starts a comment, `$` and `%` expand variables).
 */
export const COOKIE_NAME_PATTERN = /^[A-Za-z0-9!&*+.^_|~-]{1,255}$/;

export interface SessionPersistenceInput {
  type: SessionPersistenceType;
  cookie_name?: string | null;
  persistence_timeout?: number | null;
  persistence_granularity?: string | null;
}

/** The longest persistence_timeout of a UDP pool: a day, as the bound of a monitor's delay. */
export const MAX_PERSISTENCE_TIMEOUT_S = 86_400;

/** An IPv4 netmask in dotted form: four decimal octets without leading zeros, the ones contiguous. */
export function isIpv4Netmask(value: string): boolean {
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value)?.slice(1);
  if (!octets || octets.some((octet) => !/^(0|[1-9]\d*)$/.test(octet) || Number(octet) > 255)) return false;
  const bits = octets.map((octet) => Number(octet).toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits);
}

/** Checks a pool's session persistence; returns the problem, or undefined when it is fine. */
export function sessionPersistenceProblem(
  protocol: PoolProtocol,
  persistence: SessionPersistenceInput,
): string | undefined {
  // Octavia 2.2: how long a UDP flow sticks, and the netmask that groups UDP clients.
  if (protocol === 'UDP') {
    const udpProblem = udpPersistenceProblem(persistence);
    if (udpProblem) return udpProblem;
  } else {
    for (const field of ['persistence_timeout', 'persistence_granularity'] as const) {
      if ((persistence[field] ?? null) !== null) return `${field} applies to UDP pools only, not ${protocol}`;
    }
  }
  const cookieName = persistence.cookie_name ?? null;
  if (persistence.type === 'APP_COOKIE') {
    if (!cookieName) return 'APP_COOKIE session persistence needs a cookie_name';
    if (!COOKIE_NAME_PATTERN.test(cookieName)) {
      return 'cookie_name may hold only letters, digits and !&*+.^_|~- (no spaces, quotes, # $ % or separators)';
    }
  } else if (cookieName !== null) {
    return `cookie_name is only allowed with APP_COOKIE session persistence, not ${persistence.type}`;
  }
  if ((persistence.type === 'HTTP_COOKIE' || persistence.type === 'APP_COOKIE') && protocol !== 'HTTP') {
    return `${persistence.type} session persistence needs an HTTP pool, not ${protocol}`;
  }
  return undefined;
}

/** The rules of a UDP pool's persistence: SOURCE_IP only, a timeout in seconds, a netmask. */
function udpPersistenceProblem(persistence: SessionPersistenceInput): string | undefined {
  if (persistence.type !== 'SOURCE_IP')
    return `UDP pools take SOURCE_IP session persistence only, not ${persistence.type} (a datagram carries no cookie)`;
  const timeout = persistence.persistence_timeout ?? null;
  if (timeout !== null && (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_PERSISTENCE_TIMEOUT_S))
    return `persistence_timeout must be a whole number of seconds from 1 to ${MAX_PERSISTENCE_TIMEOUT_S}`;
  const granularity = persistence.persistence_granularity ?? null;
  if (granularity !== null && !isIpv4Netmask(granularity))
    return `persistence_granularity must be an IPv4 netmask in dotted form with contiguous ones (e.g. 255.255.255.0), not ${granularity}`;
  return undefined;
}

/** The persistence stored for a checked body: a UDP pool's with its timeout and granularity, defaults filled in. */
export function storedSessionPersistence(
  protocol: PoolProtocol,
  persistence: SessionPersistenceInput,
): SessionPersistence {
  const stored: SessionPersistence = { type: persistence.type, cookie_name: persistence.cookie_name ?? null };
  if (protocol !== 'UDP') return stored;
  return {
    ...stored,
    persistence_timeout: persistence.persistence_timeout ?? UDP_PERSISTENCE_DEFAULTS.timeoutSeconds,
    persistence_granularity: persistence.persistence_granularity ?? UDP_PERSISTENCE_DEFAULTS.granularity,
  };
}

/** Checks a pool's lb_algorithm against its protocol; returns the problem (naming the field), or undefined. */
export function lbAlgorithmProblem(protocol: PoolProtocol, algorithm: LbAlgorithm): string | undefined {
  if (protocol === 'UDP' && !UDP_LB_ALGORITHMS.includes(algorithm))
    return `lb_algorithm: ${algorithm} is not offered for UDP pools (the kernel that forwards UDP keeps no count of each member's flows); use one of ${UDP_LB_ALGORITHMS.join(', ')}`;
  return undefined;
}

/** The TLS fields of a pool's write body. */
export interface PoolTlsFields {
  tls_enabled?: boolean;
  tls_container_ref?: string | null;
  ca_tls_container_ref?: string | null;
  crl_container_ref?: string | null;
  tls_versions?: readonly string[] | null;
  tls_ciphers?: string | null;
  alpn_protocols?: readonly AlpnProtocol[] | null;
}

const POOL_TLS_FIELDS = [
  'tls_enabled',
  'tls_container_ref',
  'ca_tls_container_ref',
  'crl_container_ref',
  'tls_versions',
  'tls_ciphers',
  'alpn_protocols',
] as const;

/** A UDP pool carries no TLS: the first TLS field a body gives one (false and null are none), named. */
export function udpPoolTlsProblem(protocol: PoolProtocol, body: PoolTlsFields): string | undefined {
  if (protocol !== 'UDP') return undefined;
  const field = POOL_TLS_FIELDS.find((name) => {
    const value = body[name];
    return value !== undefined && value !== null && value !== false;
  });
  return field && `${field}: UDP pools carry no TLS to their members`;
}

/** How a pool re-encrypts to its members. */
export interface PoolTlsSettings {
  tlsEnabled: boolean;
  tlsContainerRef: string | null;
  caTlsContainerRef: string | null;
  crlContainerRef: string | null;
  alpnProtocols: AlpnProtocol[] | null;
}

/** Checks a pool's TLS towards members; returns the problem (naming the field), or undefined. */
export function poolTlsProblem(protocol: PoolProtocol, settings: PoolTlsSettings): string | undefined {
  // An HTTPS pool passes the client's own TLS through: wrapping it again would reach no member.
  if (settings.tlsEnabled && protocol === 'HTTPS')
    return "tls_enabled: an HTTPS pool passes the client's TLS through; re-encrypt with an HTTP or TCP pool";
  if (settings.crlContainerRef && !settings.caTlsContainerRef)
    return 'crl_container_ref: a revocation list needs ca_tls_container_ref';
  if (settings.alpnProtocols?.length === 0)
    return 'alpn_protocols: give at least one protocol, or null for none';
  return undefined;
}
