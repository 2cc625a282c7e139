/** Values of the load balancer model shared by the API, the graph sent to agents and the renderer. */

/** UDP (contract 1.8): served by the kernel (nftables NAT in the namespace), not by haproxy. */
export const LISTENER_PROTOCOLS = ['TCP', 'HTTP', 'HTTPS', 'TERMINATED_HTTPS', 'UDP'] as const;
export type ListenerProtocol = (typeof LISTENER_PROTOCOLS)[number];

export const POOL_PROTOCOLS = ['TCP', 'HTTP', 'HTTPS', 'PROXY', 'PROXYV2', 'UDP'] as const;
export type PoolProtocol = (typeof POOL_PROTOCOLS)[number];

export const LB_ALGORITHMS = ['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP', 'SOURCE_IP_PORT'] as const;
export type LbAlgorithm = (typeof LB_ALGORITHMS)[number];

export const SESSION_PERSISTENCE_TYPES = ['SOURCE_IP', 'HTTP_COOKIE', 'APP_COOKIE'] as const;
export type SessionPersistenceType = (typeof SESSION_PERSISTENCE_TYPES)[number];

/**
 * TLS-HELLO (Octavia 2.0 onwards): a TLS handshake with the member is the check. UDP-CONNECT (UDP pools
 * only): a datagram to the member; an ICMP port unreachable means down, an answer or silence means up.
 */
export const HEALTH_MONITOR_TYPES = ['PING', 'TCP', 'HTTP', 'HTTPS', 'TLS-HELLO', 'UDP-CONNECT'] as const;
export type HealthMonitorType = (typeof HEALTH_MONITOR_TYPES)[number];

export const HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'TRACE',
  'OPTIONS',
  'CONNECT',
  'PATCH',
] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** What a TERMINATED_HTTPS listener may offer through ALPN (Octavia 2.20); h2 is HTTP/2. */
export const ALPN_PROTOCOLS = ['h2', 'http/1.1', 'http/1.0'] as const;
export type AlpnProtocol = (typeof ALPN_PROTOCOLS)[number];

/** TLS protocol versions of listeners and pools (Octavia 2.17, 2.18), oldest first. */
export const TLS_VERSIONS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/**
 * The oldest and newest of a set of TLS versions, or undefined when the set leaves a gap (or names no
 * known version): OpenSSL enables a contiguous range, never a set with holes. The API refuses such a set;
 * the renderer checks again.
 */
export function tlsVersionRange(
  versions: readonly string[],
): { oldest: TlsVersion; newest: TlsVersion } | undefined {
  const ranks = versions.map((version) => (TLS_VERSIONS as readonly string[]).indexOf(version));
  if (ranks.length === 0 || ranks.includes(-1)) return undefined;
  const oldest = Math.min(...ranks);
  const newest = Math.max(...ranks);
  if (new Set(ranks).size !== newest - oldest + 1) return undefined;
  return { oldest: TLS_VERSIONS[oldest], newest: TLS_VERSIONS[newest] };
}

/** Whether a TERMINATED_HTTPS listener asks clients for a certificate (Octavia 2.8). */
export const CLIENT_AUTHENTICATION_MODES = ['NONE', 'OPTIONAL', 'MANDATORY'] as const;
export type ClientAuthentication = (typeof CLIENT_AUTHENTICATION_MODES)[number];

/**
 * An OpenSSL cipher list as the API keeps it: colon-separated names and keywords, with the `!`, `-`, `+`
 * and `@` operators. These characters alone can reach haproxy's config.
 */
export const CIPHER_LIST_PATTERN = /^[A-Za-z0-9_.=+!@-]+(?::[A-Za-z0-9_.=+!@-]+)*$/;

/** Headers a TERMINATED_HTTPS listener can add about the client's certificate (Octavia 2.8). */
export const CLIENT_CERTIFICATE_HEADERS = [
  'X-SSL-Client-Verify',
  'X-SSL-Client-Has-Cert',
  'X-SSL-Client-DN',
  'X-SSL-Client-CN',
  'X-SSL-Issuer',
  'X-SSL-Client-SHA1',
  'X-SSL-Client-Not-Before',
  'X-SSL-Client-Not-After',
] as const;
export type ClientCertificateHeader = (typeof CLIENT_CERTIFICATE_HEADERS)[number];

/** The fields of a client certificate's subject an SSL_DN_FIELD rule may test. */
export const DN_FIELDS = [
  'C',
  'ST',
  'L',
  'O',
  'OU',
  'CN',
  'DC',
  'UID',
  'emailAddress',
  'serialNumber',
  'title',
  'GN',
  'SN',
] as const;
export type DnField = (typeof DN_FIELDS)[number];

/** The HTTP version of a monitor's checks (Octavia 2.10). */
export const HTTP_VERSIONS = [1.0, 1.1] as const;
export type HttpVersion = (typeof HTTP_VERSIONS)[number];

/**
 * A host name as RFC 1123 spells it (labels of letters, digits and inner hyphens, dot-separated, at most
 * 253 characters): the Host header of a monitor's checks. Nothing else can reach haproxy's config.
 */
export const DOMAIN_NAME_PATTERN =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Which pool protocols may serve which listener protocols (Octavia's matrix, for the protocols here).
 */
export const POOL_PROTOCOLS_FOR_LISTENER: Record<ListenerProtocol, readonly PoolProtocol[]> = {
  TCP: ['TCP', 'HTTP', 'HTTPS', 'PROXY', 'PROXYV2'],
  HTTP: ['HTTP', 'PROXY', 'PROXYV2'],
  HTTPS: ['HTTPS', 'TCP', 'PROXY', 'PROXYV2'],
  TERMINATED_HTTPS: ['HTTP', 'PROXY', 'PROXYV2'],
  UDP: ['UDP'],
};

/** The monitor types a pool of each protocol can have (Octavia: UDP pools since 2.16 also HTTP and TCP). */
export function monitorTypesForPool(protocol: PoolProtocol): readonly HealthMonitorType[] {
  return protocol === 'UDP'
    ? ['UDP-CONNECT', 'PING', 'TCP', 'HTTP']
    : HEALTH_MONITOR_TYPES.filter((type) => type !== 'UDP-CONNECT');
}

/** The lb_algorithms the kernel can honour for UDP: LEAST_CONNECTIONS would need per-member flow counts. */
export const UDP_LB_ALGORITHMS: readonly LbAlgorithm[] = ['ROUND_ROBIN', 'SOURCE_IP', 'SOURCE_IP_PORT'];

/** Octavia's defaults for a UDP pool's SOURCE_IP persistence. */
export const UDP_PERSISTENCE_DEFAULTS = { timeoutSeconds: 360, granularity: '255.255.255.255' } as const;

/** Pools whose members get the PROXY protocol header: its version 1 (text) or 2 (binary, Octavia 2.22). */
export const PROXY_PROTOCOL_VERSION: Partial<Record<PoolProtocol, 1 | 2>> = { PROXY: 1, PROXYV2: 2 };

/** Protocols whose traffic haproxy sees as HTTP (cookie persistence, L7, X-Forwarded-For). */
export function isHttpListener(protocol: ListenerProtocol): boolean {
  return protocol === 'HTTP' || protocol === 'TERMINATED_HTTPS';
}

export const L7_POLICY_ACTIONS = [
  'REDIRECT_TO_POOL',
  'REDIRECT_TO_URL',
  'REDIRECT_PREFIX',
  'REJECT',
] as const;
export type L7PolicyAction = (typeof L7_POLICY_ACTIONS)[number];

export const L7_RULE_TYPES = [
  'HOST_NAME',
  'PATH',
  'FILE_TYPE',
  'HEADER',
  'COOKIE',
  // Octavia 2.8: the client certificate of a TERMINATED_HTTPS listener.
  'SSL_CONN_HAS_CERT',
  'SSL_VERIFY_RESULT',
  'SSL_DN_FIELD',
] as const;
export type L7RuleType = (typeof L7_RULE_TYPES)[number];

export const L7_COMPARE_TYPES = ['REGEX', 'STARTS_WITH', 'ENDS_WITH', 'CONTAINS', 'EQUAL_TO'] as const;
export type L7CompareType = (typeof L7_COMPARE_TYPES)[number];

export const REDIRECT_HTTP_CODES = [301, 302, 303, 307, 308] as const;
export type RedirectHttpCode = (typeof REDIRECT_HTTP_CODES)[number];

/** What a flavor may tune (Octavia 2.6 flavors; the haproxy provider's capabilities), and the bounds. */
export const TUNING_BOUNDS = { maxconn: { min: 1, max: 1_000_000 }, nbthread: { min: 1, max: 64 } } as const;
