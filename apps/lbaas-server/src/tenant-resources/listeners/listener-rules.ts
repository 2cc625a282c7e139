import {
  type AlpnProtocol,
  isHttpListener,
  type ListenerProtocol,
  POOL_PROTOCOLS_FOR_LISTENER,
  type PoolProtocol,
} from '@lbaas/contracts';

/** The headers haproxy can add for HTTP listeners, and the values Octavia accepts for them. */
export const INSERTABLE_HEADERS = ['X-Forwarded-For', 'X-Forwarded-Port', 'X-Forwarded-Proto'] as const;

export function protocolsCompatible(listener: ListenerProtocol, pool: PoolProtocol): boolean {
  return POOL_PROTOCOLS_FOR_LISTENER[listener].includes(pool);
}

/** Checks `insert_headers`; returns the problem, or undefined when they are fine. */
export function insertHeadersProblem(
  protocol: ListenerProtocol,
  headers: Record<string, unknown>,
): string | undefined {
  const names = Object.keys(headers);
  if (names.length === 0) return undefined;
  if (!isHttpListener(protocol))
    return `insert_headers apply to HTTP and TERMINATED_HTTPS listeners only, not ${protocol}`;
  for (const name of names) {
    if (!(INSERTABLE_HEADERS as readonly string[]).includes(name)) {
      return `insert_headers: ${name} is not one of ${INSERTABLE_HEADERS.join(', ')}`;
    }
    const value = headers[name];
    if (value !== 'true' && value !== 'false' && value !== true && value !== false) {
      return `insert_headers: ${name} must be "true" or "false"`;
    }
  }
  return undefined;
}

/** insert_headers as stored: string values, as Octavia returns them. */
export function normaliseInsertHeaders(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
}

/** What ALPN and HSTS settle to on a listener (Octavia: TERMINATED_HTTPS listeners only). */
export interface TlsHttpSettings {
  alpnProtocols: AlpnProtocol[] | null;
  hstsMaxAge: number | null;
  hstsIncludeSubdomains: boolean;
  hstsPreload: boolean;
}

/** Checks ALPN and HSTS against the listener's protocol; returns the problem (naming the field), or undefined. */
export function tlsHttpProblem(protocol: ListenerProtocol, settings: TlsHttpSettings): string | undefined {
  if (protocol !== 'TERMINATED_HTTPS') {
    if (settings.alpnProtocols !== null)
      return `alpn_protocols: only TERMINATED_HTTPS listeners offer ALPN, not ${protocol}`;
    if (settings.hstsMaxAge !== null || settings.hstsIncludeSubdomains || settings.hstsPreload)
      return `hsts_max_age: HSTS applies to TERMINATED_HTTPS listeners only, not ${protocol}`;
  }
  if (settings.alpnProtocols?.length === 0)
    return 'alpn_protocols: give at least one protocol, or null for none';
  if (settings.hstsMaxAge === null && (settings.hstsIncludeSubdomains || settings.hstsPreload))
    return 'hsts_include_subdomains: hsts_include_subdomains and hsts_preload need hsts_max_age';
  return undefined;
}
