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

/** Why a listener cannot use a pool as its default (the 409's message), or undefined when it can. */
export function protocolMismatchProblem(listener: ListenerProtocol, pool: PoolProtocol): string | undefined {
  if (protocolsCompatible(listener, pool)) return undefined;
  const mismatch = `Listener protocol ${listener} and pool protocol ${pool} are not compatible`;
  if (listener === 'UDP') return `${mismatch}: a UDP listener takes UDP pools only.`;
  if (pool === 'UDP') return `${mismatch}: a UDP pool serves UDP listeners only.`;
  return `${mismatch}.`;
}

/**
 * The transport a listener's port is taken on. One load balancer may have a UDP listener and a
 * TCP-borne one on the same port (Octavia: DNS on 53), never two of the same transport.
 */
export function listenerTransport(protocol: ListenerProtocol): 'UDP' | 'TCP' {
  return protocol === 'UDP' ? 'UDP' : 'TCP';
}

/** The fields of a listener's write body a UDP listener cannot honour. */
export interface UdpListenerFields {
  connection_limit?: number | null;
  timeout_member_data?: number | null;
  timeout_tcp_inspect?: number | null;
  default_tls_container_ref?: string | null;
}

/**
 * What a write body asks of a UDP listener that the kernel forwarding it cannot keep; returns the problem
 * (naming the field), or undefined. timeout_client_data and timeout_member_connect are kept: the flow
 * timeouts of replied and unreplied flows.
 */
export function udpListenerProblem(protocol: ListenerProtocol, body: UdpListenerFields): string | undefined {
  if (protocol !== 'UDP') return undefined;
  const limit = body.connection_limit ?? null;
  if (limit !== null && limit !== -1)
    return 'connection_limit: UDP listeners have no connection limit (datagrams are forwarded by the kernel, not held as connections); give -1 or leave it out';
  if ((body.timeout_member_data ?? null) !== null)
    return 'timeout_member_data: UDP listeners have no member data phase; timeout_client_data times out replied flows';
  if ((body.timeout_tcp_inspect ?? null) !== null)
    return 'timeout_tcp_inspect: UDP listeners inspect no TCP content';
  if ((body.default_tls_container_ref ?? null) !== null)
    return 'default_tls_container_ref: UDP listeners carry no TLS';
  return undefined;
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
