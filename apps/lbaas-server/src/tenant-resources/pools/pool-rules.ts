import type { AlpnProtocol, PoolProtocol, SessionPersistenceType } from '@lbaas/contracts';

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

/** Checks a pool's session persistence; returns the problem, or undefined when it is fine. */
export function sessionPersistenceProblem(
  protocol: PoolProtocol,
  persistence: SessionPersistenceInput,
): string | undefined {
  // Octavia 2.2: how long a UDP flow sticks, and the netmask that groups UDP clients. No UDP pools here.
  for (const field of ['persistence_timeout', 'persistence_granularity'] as const) {
    if ((persistence[field] ?? null) !== null) return `${field} applies to UDP pools only, not ${protocol}`;
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
