/**
 * graph -> haproxy.cfg (docs/ARCHITECTURE.md, "On-host sequence"). Pure: no I/O. Only ids and validated
 * values reach the text; every line is built from the graph's typed fields, never from free text.
 */
import type {
  HealthMonitorGraph,
  L7PolicyGraph,
  L7RuleGraph,
  ListenerGraph,
  LoadBalancerGraph,
  MemberGraph,
  PoolGraph,
} from '@lbaas/contracts';
import {
  CLIENT_CERTIFICATE_HEADERS,
  DN_FIELDS,
  DOMAIN_NAME_PATTERN,
  isHttpListener,
  liveObjects,
  PROXY_PROTOCOL_VERSION,
  TUNING_BOUNDS,
} from '@lbaas/contracts';
import {
  alpnOption,
  cipherOptions,
  CLIENT_CERTIFICATE_HEADER_VALUES,
  listenerTlsFiles,
  poolTlsFiles,
  tlsVersionOptions,
} from './tls-options';

export interface RenderPaths {
  /** haproxy's admin socket (also used for seamless reloads: expose-fd listeners). */
  statsSocket: string;
  /** Folder of the certificate bundles, CA bundles and revocation lists (names: `tlsFiles`). */
  certificatesDir: string;
  /** Executable run by PING monitors (external-check). */
  pingHelper: string;
  /** Executable run by UDP-CONNECT monitors (external-check); absent: no UDP pools are rendered. */
  udpConnectHelper?: string;
}

/**
 * How haproxy logs (Octavia's log offloading, done by the agent): RFC 5424 lines written to LOG_FD, a
 * named pipe the agent reads. Requests and connections go out as local0 (tenant traffic), haproxy's own
 * events as local1 (administrative).
 */
export interface AccessLogSettings {
  /** Octavia's connection_logging: false logs no request or connection (haproxy's own events still). */
  connectionLogging: boolean;
}

/**
 * The descriptor haproxy inherits for its log: the load balancer's named pipe. The pipe's buffer outlives
 * an agent restart, and a full pipe makes haproxy drop the line, never wait or retry (a ring forwarding to
 * a socket nobody listens on retries without pause in haproxy 2.6: one busy core per load balancer).
 */
export const LOG_FD = 3;
/** One write per line, at most PIPE_BUF bytes: lines of the old and new process never interleave. */
const LOG_TARGET = `fd@${LOG_FD} len 4000 format rfc5424`;

export interface RenderOptions {
  /** Group haproxy drops to (neutron's [haproxy] user_group). */
  userGroup?: string;
  /** Without it, nothing is logged. */
  accessLog?: AccessLogSettings;
}

/** The frontend that lets haproxy run only to check members (load balancers with UDP listeners only). */
export const CHECKS_ONLY_FRONTEND = 'lbaas-checks-only';

export const TENANT_LOG_FACILITY = 'local0';
export const ADMIN_LOG_FACILITY = 'local1';

/**
 * Octavia's default user_log_format, with the ids filled in (UUIDs: nothing else reaches the line). A
 * TCP listener logs its connections in the same columns, "-" where HTTP and TLS have nothing to say.
 */
export function accessLogFormat(projectId: string, loadBalancerId: string, http: boolean): string {
  // A client certificate's DN is free text (a newline in it would start a forged log line): JSON-escaped.
  const fields = http ? '%{+Q}r %ST %B %U %[ssl_c_verify] %{+Q}[ssl_c_s_dn,json(utf8s)]' : '- - %B %U - -';
  return `${projectId} ${loadBalancerId} %f %ci %cp %t ${fields} %b %s %Tt %tsc`;
}

function logLines(graph: LoadBalancerGraph, http: boolean, options: RenderOptions): string[] {
  const accessLog = options.accessLog;
  if (!accessLog) return [`    option ${http ? 'httplog' : 'tcplog'}`];
  if (!accessLog.connectionLogging) return ['    no log'];
  const projectId = graph.project_id ?? '-';
  // Between a log-format's quotes, "%" and "\"" would mean something: ids are plain or nothing is written.
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(projectId))
    throw new Error(`project_id ${JSON.stringify(projectId)} cannot be placed in a haproxy log format`);
  return [
    '    no log',
    `    log ${LOG_TARGET} ${TENANT_LOG_FACILITY} info`,
    `    log-format "${accessLogFormat(projectId, graph.id, http)}"`,
  ];
}

/** The variable SOURCE_IP_PORT hashes with the source address (a converter takes variables, not fetches). */
const SOURCE_PORT_VARIABLE = 'txn.lbaas_src_port';

/** haproxy's `balance` lines of each algorithm, after any rule they need. */
const BALANCE: Record<PoolGraph['lb_algorithm'], string[]> = {
  ROUND_ROBIN: ['    balance roundrobin'],
  LEAST_CONNECTIONS: ['    balance leastconn'],
  SOURCE_IP: ['    balance source'],
  // Octavia 2.13: a hash of the client's address and port, so one client's connections spread.
  SOURCE_IP_PORT: [
    `    tcp-request content set-var(${SOURCE_PORT_VARIABLE}) src_port`,
    `    balance hash src,concat(:,${SOURCE_PORT_VARIABLE})`,
  ],
};

const MATCH = {
  EQUAL_TO: 'str',
  STARTS_WITH: 'beg',
  ENDS_WITH: 'end',
  CONTAINS: 'sub',
  REGEX: 'reg',
} as const;

/** `200` -> `^200$`, `200,202` -> `^(200|202)$`, `200-204` -> `^(200|201|202|203|204)$`. */
export function expectedCodesRegex(expected: string): string {
  let codes: string[];
  if (expected.includes('-')) {
    const [from, to] = expected.split('-').map(Number);
    codes = Array.from({ length: to - from + 1 }, (_u, i) => String(from + i));
  } else {
    codes = expected.split(',').map((code) => code.trim());
  }
  return codes.length === 1 ? `^${codes[0]}$` : `^(${codes.join('|')})$`;
}

/**
 * A value the API validated, placed unquoted in the config. The renderer checks again (defence in
 * depth): whitespace, control characters, quotes, backslashes or `#` would split or end the line.
 */
export function configWord(value: string, field: string): string {
  if (value === '' || /[\s\p{Cc}"'\\#]/u.test(value)) {
    throw new Error(`${field} ${JSON.stringify(value)} cannot be placed in a haproxy config`);
  }
  return value;
}

/**
 * The request of an HTTP(S) monitor's checks: HTTP/1.0 with no Host header unless the monitor asks for
 * HTTP/1.1, which then carries its domain_name as Host (name-based virtual hosts answer it).
 */
function httpCheckRequest(monitor: HealthMonitorGraph): string[] {
  const method = configWord(monitor.http_method ?? 'GET', 'http_method');
  const path = configWord(monitor.url_path ?? '/', 'url_path');
  if (monitor.http_version !== 1.1) return [`    option httpchk ${method} ${path}`];
  let request = `    http-check send meth ${method} uri ${path} ver HTTP/1.1`;
  if (monitor.domain_name) {
    if (!DOMAIN_NAME_PATTERN.test(monitor.domain_name))
      throw new Error(
        `domain_name ${JSON.stringify(monitor.domain_name)} cannot be placed in a haproxy config`,
      );
    request += ` hdr Host ${monitor.domain_name}`;
  }
  return ['    option httpchk', request];
}

/** The Strict-Transport-Security value of a TERMINATED_HTTPS listener, if it sets one. */
function hstsHeader(listener: ListenerGraph): string | undefined {
  const maxAge = listener.hsts_max_age;
  if (listener.protocol !== 'TERMINATED_HTTPS' || maxAge === null || maxAge === undefined) return undefined;
  if (!Number.isInteger(maxAge) || maxAge < 0)
    throw new Error(`hsts_max_age ${maxAge} is not a number of seconds`);
  return [
    `max-age=${maxAge}`,
    ...(listener.hsts_include_subdomains ? ['includeSubDomains'] : []),
    ...(listener.hsts_preload ? ['preload'] : []),
  ].join('; ');
}

/** Redirect targets are log-format strings in haproxy: a literal `%` must be written `%%`. */
function logFormatLiteral(value: string): string {
  return value.replace(/%/g, '%%');
}

function ms(value: number): string {
  return `${value}ms`;
}

/** Where a listener listens: the VIP, and every additional VIP (Octavia 2.26). */
function bindAddresses(graph: LoadBalancerGraph, listener: ListenerGraph): string[] {
  return [graph.vip, ...(graph.vip.additional_addresses ?? [])].map(({ address, ip_version }) => {
    const host = ip_version === 6 ? `[${address}]` : address;
    return `${host}:${listener.protocol_port}`;
  });
}

function aclExpression(rule: L7RuleGraph): string {
  const match = MATCH[rule.compare_type];
  const value = configWord(rule.value, 'l7rule value');
  const key = () => configWord(rule.key ?? '', 'l7rule key');
  switch (rule.type) {
    case 'HOST_NAME':
      return `hdr(host) -i -m ${match} ${value}`;
    case 'PATH':
      return `path -m ${match} ${value}`;
    case 'FILE_TYPE':
      return rule.compare_type === 'REGEX' ? `path_reg ${value}` : `path_end -m str .${value}`;
    case 'HEADER':
      return `req.hdr(${key()}) -m ${match} ${value}`;
    case 'COOKIE':
      return `req.cook(${key()}) -m ${match} ${value}`;
    case 'SSL_CONN_HAS_CERT':
      return 'ssl_c_used';
    case 'SSL_VERIFY_RESULT':
      if (!/^\d{1,9}$/.test(rule.value))
        throw new Error(`l7rule value ${JSON.stringify(rule.value)} is not a verify result code`);
      return `ssl_c_verify eq ${rule.value}`;
    case 'SSL_DN_FIELD': {
      if (!(DN_FIELDS as readonly string[]).includes(rule.key ?? ''))
        throw new Error(`l7rule key ${JSON.stringify(rule.key)} is not a DN field`);
      return `ssl_c_s_dn(${rule.key}) -m ${match} ${value}`;
    }
  }
}

/** Set by the first REDIRECT_TO_POOL policy that matches; later policies then no longer apply. */
const CHOSEN_POOL = 'txn.lbaas_pool';
const NO_POOL_CHOSEN = `!{ var(${CHOSEN_POOL}) -m found }`;

/**
 * One L7 policy. haproxy runs every `http-request` rule before it switches backends, so a plain
 * `use_backend` would lose to a later `deny`; instead the pool choice is an `http-request` rule too, and
 * every rule applies only while no earlier policy chose a pool: the first matching policy wins.
 */
function renderPolicy(policy: L7PolicyGraph, index: number, pools: Map<string, PoolGraph>): string[] {
  const rules = liveObjects(policy.rules).filter((rule) => rule.admin_state_up);
  // A policy without rules matches nothing (Octavia's behaviour), so it renders nothing.
  if (!policy.admin_state_up || rules.length === 0) return [];
  const names = rules.map((_rule, i) => `l7_${index}_${i}`);
  const acls = rules.map((rule, i) => `    acl ${names[i]} ${aclExpression(rule)}`);
  const condition = `if ${NO_POOL_CHOSEN} ${rules.map((rule, i) => `${rule.invert ? '!' : ''}${names[i]}`).join(' ')}`;
  switch (policy.action) {
    case 'REJECT':
      return [...acls, `    http-request deny ${condition}`];
    case 'REDIRECT_TO_URL':
      return [
        ...acls,
        `    http-request redirect location ${logFormatLiteral(configWord(policy.redirect_url ?? '', 'redirect_url'))} code ${policy.redirect_http_code ?? 302} ${condition}`,
      ];
    case 'REDIRECT_PREFIX':
      return [
        ...acls,
        `    http-request redirect prefix ${logFormatLiteral(configWord(policy.redirect_prefix ?? '', 'redirect_prefix'))} code ${policy.redirect_http_code ?? 302} ${condition}`,
      ];
    case 'REDIRECT_TO_POOL': {
      const pool = policy.redirect_pool_id ? pools.get(policy.redirect_pool_id) : undefined;
      return pool ? [...acls, `    http-request set-var(${CHOSEN_POOL}) str(${pool.id}) ${condition}`] : [];
    }
  }
}

/**
 * ` ssl crt … [ca-file … verify … [crl-file …]] [versions] [ciphers] [alpn]` of a TERMINATED_HTTPS bind. The
 * first crt is the default certificate; haproxy picks an SNI one by the client's server name.
 */
function sslBindOptions(listener: ListenerGraph, paths: RenderPaths): string {
  const file = (name: string) => `${paths.certificatesDir}/${name}`;
  const { certificate, sni, clientCa, clientCrl } = listenerTlsFiles(listener);
  let options = ` ssl ${[certificate, ...sni].map(({ name }) => `crt ${file(name)}`).join(' ')}`;
  if (clientCa) {
    const verify = listener.client_authentication === 'MANDATORY' ? 'required' : 'optional';
    options += ` ca-file ${file(clientCa.name)} verify ${verify}`;
    if (clientCrl) options += ` crl-file ${file(clientCrl.name)}`;
  }
  return (
    options +
    tlsVersionOptions(listener.tls_versions) +
    cipherOptions(listener.tls_ciphers) +
    alpnOption(listener.alpn_protocols)
  );
}

/**
 * ` ssl [ca-file … verify required [crl-file …] | verify none] [crt …] [versions] [ciphers] [alpn]` of the
 * servers of a pool that re-encrypts; '' for a pool that does not.
 */
function sslServerOptions(pool: PoolGraph, paths: RenderPaths): string {
  if (!pool.tls_enabled) return '';
  const file = (name: string) => `${paths.certificatesDir}/${name}`;
  const { certificate, ca, crl } = poolTlsFiles(pool);
  let options = ' ssl';
  options += ca ? ` ca-file ${file(ca.name)} verify required` : ' verify none';
  if (crl) options += ` crl-file ${file(crl.name)}`;
  if (certificate) options += ` crt ${file(certificate.name)}`;
  return (
    options +
    tlsVersionOptions(pool.tls_versions) +
    cipherOptions(pool.tls_ciphers) +
    alpnOption(pool.alpn_protocols)
  );
}

function renderFrontend(
  graph: LoadBalancerGraph,
  listener: ListenerGraph,
  pools: Map<string, PoolGraph>,
  paths: RenderPaths,
  options: RenderOptions,
): string[] {
  const http = isHttpListener(listener.protocol);
  const lines = [`frontend ${listener.id}`, `    mode ${http ? 'http' : 'tcp'}`];
  const ssl = listener.protocol === 'TERMINATED_HTTPS' ? sslBindOptions(listener, paths) : '';
  for (const address of bindAddresses(graph, listener)) lines.push(`    bind ${address}${ssl}`);
  if (listener.connection_limit >= 0) lines.push(`    maxconn ${listener.connection_limit}`);
  lines.push(`    timeout client ${ms(listener.timeout_client_data)}`);
  lines.push(...logLines(graph, http, options));
  if (http) {
    // On a reload the old process answers the next request of an idle keep-alive connection (with
    // Connection: close) instead of closing it under the client: no resets for clients during changes.
    lines.push('    option idle-close-on-response');
    // Only when asked for, as in Octavia (neutron-lbaas added it always).
    if (listener.insert_headers['X-Forwarded-For'] === 'true') lines.push('    option forwardfor');
    if (listener.insert_headers['X-Forwarded-Port'] === 'true') {
      lines.push('    http-request set-header X-Forwarded-Port %[dst_port]');
    }
    const hsts = hstsHeader(listener);
    if (hsts) lines.push(`    http-response set-header Strict-Transport-Security "${hsts}"`);
    if (listener.insert_headers['X-Forwarded-Proto'] === 'true') {
      lines.push(
        `    http-request set-header X-Forwarded-Proto ${listener.protocol === 'TERMINATED_HTTPS' ? 'https' : 'http'}`,
      );
    }
    if (listener.protocol === 'TERMINATED_HTTPS') {
      for (const header of CLIENT_CERTIFICATE_HEADERS) {
        if (listener.insert_headers[header] === 'true')
          lines.push(`    http-request set-header ${header} ${CLIENT_CERTIFICATE_HEADER_VALUES[header]}`);
      }
    }
  } else {
    if (listener.timeout_tcp_inspect > 0)
      lines.push(`    tcp-request inspect-delay ${ms(listener.timeout_tcp_inspect)}`);
  }
  if (listener.allowed_cidrs.length > 0) {
    lines.push(`    acl allowed_cidr src ${listener.allowed_cidrs.join(' ')}`);
    lines.push('    tcp-request connection reject if !allowed_cidr');
  }
  if (http) {
    const policyLines = [...liveObjects(listener.l7policies)]
      .sort((a, b) => a.position - b.position)
      .flatMap((policy, index) => renderPolicy(policy, index, pools));
    lines.push(...policyLines);
    if (policyLines.some((line) => line.includes(`set-var(${CHOSEN_POOL})`))) {
      lines.push(`    use_backend %[var(${CHOSEN_POOL})] if { var(${CHOSEN_POOL}) -m found }`);
    }
  }
  const defaultPool = listener.default_pool_id ? pools.get(listener.default_pool_id) : undefined;
  if (defaultPool) lines.push(`    default_backend ${defaultPool.id}`);
  if (!listener.admin_state_up) lines.push('    disabled');
  return lines;
}

function renderServer(
  member: MemberGraph,
  pool: PoolGraph,
  monitor: HealthMonitorGraph | null,
  proxyProtocol: 1 | 2 | undefined,
  ssl: string,
): string {
  const address = member.address.includes(':') ? `[${member.address}]` : member.address;
  const parts = [`    server ${member.id} ${address}:${member.protocol_port} weight ${member.weight}${ssl}`];
  if (monitor) {
    parts.push(`check inter ${monitor.delay}s fall ${monitor.max_retries_down} rise ${monitor.max_retries}`);
    // Checks of a re-encrypting pool speak TLS as its traffic does, verified the same way (also on another
    // port); HTTPS and TLS-HELLO checks of a plain pool handshake without verifying.
    if (pool.tls_enabled) parts.push('check-ssl');
    else if (monitor.type === 'HTTPS' || monitor.type === 'TLS-HELLO') parts.push('check-ssl verify none');
    if (member.monitor_address) parts.push(`addr ${member.monitor_address}`);
    if (member.monitor_port) parts.push(`port ${member.monitor_port}`);
  }
  if (pool.session_persistence?.type === 'HTTP_COOKIE') parts.push(`cookie ${member.id}`);
  if (member.backup) parts.push('backup');
  if (proxyProtocol === 1) parts.push('send-proxy');
  if (proxyProtocol === 2) parts.push('send-proxy-v2');
  if (!member.admin_state_up) parts.push('disabled');
  return parts.join(' ');
}

/** The external-check lines of a monitor that runs a helper: PING, and UDP-CONNECT. */
function externalCheckLines(monitor: HealthMonitorGraph, paths: RenderPaths): string[] {
  const helper = monitor.type === 'PING' ? paths.pingHelper : paths.udpConnectHelper;
  if (!helper) throw new Error(`no helper runs ${monitor.type} checks`);
  return [
    '    option external-check',
    '    external-check path "/usr/bin:/bin"',
    `    external-check command ${helper}`,
  ];
}

function usesExternalCheck(monitor: HealthMonitorGraph | null): boolean {
  return !!monitor?.admin_state_up && (monitor.type === 'PING' || monitor.type === 'UDP-CONNECT');
}

/**
 * A UDP pool's backend only checks its members: the kernel carries the datagrams (nftables NAT, see
 * @lbaas/nftables), and the agent gives it the members this backend shows serving. No frontend uses it.
 */
function renderUdpCheckBackend(pool: PoolGraph, paths: RenderPaths): string[] {
  const lines = [`backend ${pool.id}`, '    mode tcp'];
  const monitor = pool.healthmonitor && pool.healthmonitor.admin_state_up ? pool.healthmonitor : null;
  if (monitor) {
    lines.push(`    timeout check ${monitor.timeout}s`);
    if (monitor.type === 'HTTP') {
      lines.push(...httpCheckRequest(monitor));
      lines.push(`    http-check expect rstatus ${expectedCodesRegex(monitor.expected_codes ?? '200')}`);
    } else if (usesExternalCheck(monitor)) {
      lines.push(...externalCheckLines(monitor, paths));
    }
  }
  for (const member of liveObjects(pool.members))
    lines.push(renderServer(member, pool, monitor, undefined, ''));
  if (!pool.admin_state_up) lines.push('    disabled');
  return lines;
}

function renderBackend(
  graph: LoadBalancerGraph,
  pool: PoolGraph,
  listener: ListenerGraph | undefined,
  paths: RenderPaths,
): string[] {
  if (pool.protocol === 'UDP') return renderUdpCheckBackend(pool, paths);
  // A pool behind an HTTP listener speaks HTTP; PROXY pools send the PROXY header to TCP members.
  const http =
    pool.protocol === 'HTTP' ||
    (PROXY_PROTOCOL_VERSION[pool.protocol] !== undefined && !!listener && isHttpListener(listener.protocol));
  const lines = [`backend ${pool.id}`, `    mode ${http ? 'http' : 'tcp'}`, ...BALANCE[pool.lb_algorithm]];
  if (listener) {
    lines.push(`    timeout connect ${ms(listener.timeout_member_connect)}`);
    lines.push(`    timeout server ${ms(listener.timeout_member_data)}`);
  }
  const persistence = pool.session_persistence;
  if (persistence?.type === 'SOURCE_IP') {
    lines.push(
      `    stick-table type ${graph.vip.ip_version === 6 ? 'ipv6' : 'ip'} size 10k expire 30m`,
      '    stick on src',
    );
  } else if (persistence?.type === 'HTTP_COOKIE') {
    lines.push('    cookie SRV insert indirect nocache');
  } else if (persistence?.type === 'APP_COOKIE' && persistence.cookie_name) {
    const cookie = configWord(persistence.cookie_name, 'cookie_name');
    lines.push(
      '    stick-table type string len 64 size 10k expire 30m',
      `    stick store-response res.cook(${cookie})`,
      `    stick match req.cook(${cookie})`,
    );
  }
  const monitor = pool.healthmonitor && pool.healthmonitor.admin_state_up ? pool.healthmonitor : null;
  if (monitor) {
    lines.push(`    timeout check ${monitor.timeout}s`);
    if (monitor.type === 'HTTP' || monitor.type === 'HTTPS') {
      lines.push(...httpCheckRequest(monitor));
      lines.push(`    http-check expect rstatus ${expectedCodesRegex(monitor.expected_codes ?? '200')}`);
    } else if (usesExternalCheck(monitor)) {
      lines.push(...externalCheckLines(monitor, paths));
    }
  }
  const proxyProtocol = PROXY_PROTOCOL_VERSION[pool.protocol];
  const ssl = sslServerOptions(pool, paths);
  for (const member of liveObjects(pool.members))
    lines.push(renderServer(member, pool, monitor, proxyProtocol, ssl));
  if (!pool.admin_state_up) lines.push('    disabled');
  return lines;
}

/** The global settings the load balancer's flavor tunes, checked against their bounds again. */
function tuningLines(graph: LoadBalancerGraph): string[] {
  const lines: string[] = [];
  for (const name of ['maxconn', 'nbthread'] as const) {
    const value = graph.tuning?.[name];
    if (value === undefined) continue;
    const { min, max } = TUNING_BOUNDS[name];
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`${name} ${value} cannot be placed in a haproxy config`);
    lines.push(`    ${name} ${value}`);
  }
  return lines;
}

/**
 * The whole haproxy.cfg of one load balancer. haproxy drops to user nobody and `userGroup`
 * (neutron's [haproxy] user_group: nogroup on Debian, nobody on Red Hat).
 */
export function renderHaproxyConfig(
  graph: LoadBalancerGraph,
  paths: RenderPaths,
  options: RenderOptions = {},
): string {
  const userGroup = options.userGroup ?? 'nogroup';
  // UDP listeners are the kernel's (nftables NAT): haproxy only checks their pools' members.
  const listeners = liveObjects(graph.listeners)
    .filter((listener) => listener.protocol !== 'UDP')
    .sort((a, b) => a.protocol_port - b.protocol_port);
  const pools = liveObjects(graph.pools);
  const poolsById = new Map(pools.map((pool) => [pool.id, pool]));
  const usesHelpers = pools.some((pool) => usesExternalCheck(pool.healthmonitor));
  const global = [
    'global',
    '    daemon',
    '    user nobody',
    `    group ${userGroup}`,
    `    stats socket ${paths.statsSocket} mode 600 level admin expose-fd listeners`,
    '    stats timeout 30s',
  ];
  if (options.accessLog) global.push(`    log ${LOG_TARGET} ${ADMIN_LOG_FACILITY} notice`);
  if (usesHelpers) global.push('    external-check', '    insecure-fork-wanted');
  global.push(...tuningLines(graph));
  const defaults = [
    'defaults',
    '    log global',
    '    retries 3',
    '    option redispatch',
    '    timeout connect 5000ms',
    '    timeout client 50000ms',
    '    timeout server 50000ms',
  ];
  const sections = [global, defaults];
  for (const listener of listeners) sections.push(renderFrontend(graph, listener, poolsById, paths, options));
  if (listeners.length === 0 && pools.length > 0) {
    // haproxy will not start without a listener, yet a UDP load balancer needs its checks: one that
    // nobody can reach (a root-only unix socket) and that takes nothing.
    sections.push([
      `frontend ${CHECKS_ONLY_FRONTEND}`,
      '    mode tcp',
      `    bind unix@${paths.statsSocket}.checks mode 600`,
      '    tcp-request connection reject',
    ]);
  }
  for (const pool of pools) {
    // Timeouts towards members come from the first listener that uses the pool by default.
    const listener = listeners.find((l) => l.default_pool_id === pool.id);
    sections.push(renderBackend(graph, pool, listener, paths));
  }
  return `# lbaas haproxy configuration for load balancer ${graph.id}; generated, do not edit\n${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
