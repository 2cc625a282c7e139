import {
  type AlpnProtocol,
  CLIENT_CERTIFICATE_HEADERS,
  type ClientAuthentication,
  isHttpListener,
  type ListenerProtocol,
  POOL_PROTOCOLS_FOR_LISTENER,
  type PoolProtocol,
} from '@lbaas/contracts';

/** The headers haproxy can add for HTTP listeners, and the values Octavia accepts for them. */
export const INSERTABLE_HEADERS = [
  'X-Forwarded-For',
  'X-Forwarded-Port',
  'X-Forwarded-Proto',
  // About the client's certificate: TERMINATED_HTTPS listeners only.
  ...CLIENT_CERTIFICATE_HEADERS,
] as const;

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
    if (name.startsWith('X-SSL-') && protocol !== 'TERMINATED_HTTPS')
      return `insert_headers: ${name} tells of the client's certificate: TERMINATED_HTTPS listeners only, not ${protocol}`;
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

/** How a listener asks clients for certificates. */
export interface ClientAuthenticationSettings {
  clientAuthentication: ClientAuthentication;
  clientCaTlsContainerRef: string | null;
  clientCrlContainerRef: string | null;
}

/** Checks client authentication against the protocol; returns the problem (naming the field), or undefined. */
export function clientAuthenticationProblem(
  protocol: ListenerProtocol,
  settings: ClientAuthenticationSettings,
): string | undefined {
  if (protocol !== 'TERMINATED_HTTPS') {
    if (settings.clientAuthentication !== 'NONE')
      return `client_authentication: only TERMINATED_HTTPS listeners see client certificates, not ${protocol}`;
    if (settings.clientCaTlsContainerRef || settings.clientCrlContainerRef)
      return `client_ca_tls_container_ref: only TERMINATED_HTTPS listeners see client certificates, not ${protocol}`;
  }
  if (settings.clientAuthentication !== 'NONE' && !settings.clientCaTlsContainerRef)
    return `client_authentication: ${settings.clientAuthentication} needs client_ca_tls_container_ref, the CA client certificates chain to`;
  if (settings.clientCrlContainerRef && !settings.clientCaTlsContainerRef)
    return 'client_crl_container_ref: a revocation list needs client_ca_tls_container_ref';
  return undefined;
}
