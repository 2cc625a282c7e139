import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadBalancerGraph } from '@lbaas/contracts';
import { ProvisioningStatus } from '@lbaas/contracts';
import {
  accessLogFormat,
  configWord,
  expectedCodesRegex,
  renderHaproxyConfig,
  type RenderOptions,
} from './render-config';
import { tlsFiles } from './tls-options';
import { certificateAuthority, issueCertificate, revocationList } from './testing/tls-fixtures';
import {
  fixtureId,
  listener,
  loadBalancer,
  member,
  monitor,
  policy,
  pool,
  rule,
} from './testing/graph-fixtures';

const GOLDEN_DIR = join(__dirname, '__golden__');
const workDir = mkdtempSync(join(tmpdir(), 'lbaas-haproxy-render-'));
/** What the golden files show; `haproxy -c` reads the same config with the certificates in workDir. */
const paths = {
  statsSocket: '/var/lib/lbaas/lbaas/v2/LB/haproxy.sock',
  certificatesDir: '/var/lib/lbaas/lbaas/v2/LB/certificates',
  pingHelper: '/usr/lib/lbaas/lbaas-ping',
  udpConnectHelper: '/usr/lib/lbaas/lbaas-udp-connect',
};
const checkPaths = { ...paths, certificatesDir: workDir };

/** Real PEM files for `haproxy -c`: a certificate bundle, a CA and its revocation list. */
let pems: { bundle: string; ca: string; crl: string };
beforeAll(() => {
  const ca = certificateAuthority(workDir, 'Test CA');
  const server = issueCertificate(ca, 'lbaas.test');
  pems = { bundle: server.certificate + server.privateKey, ca: ca.certificate, crl: revocationList(ca, []) };
});

/** Writes every file the graph's config names, with real content of the role its name tells. */
function writeTlsFiles(graph: LoadBalancerGraph): void {
  for (const { name } of tlsFiles(graph)) {
    const pem = name.endsWith('-crl.pem') ? pems.crl : name.endsWith('ca.pem') ? pems.ca : pems.bundle;
    writeFileSync(join(workDir, name), pem, { mode: 0o600 });
  }
}

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Each feature: a graph, rendered and compared with its golden file, then checked by haproxy itself. */
const FEATURES: Record<string, LoadBalancerGraph> = {
  'seed-001-http-round-robin-source-ip': loadBalancer({
    listeners: [listener(1, { connection_limit: 100 })],
    pools: [
      pool(1, { session_persistence: { type: 'SOURCE_IP', cookie_name: null }, healthmonitor: monitor() }),
    ],
  }),
  'tcp-least-connections-backup-admin-down': loadBalancer({
    listeners: [listener(1, { protocol: 'TCP', protocol_port: 5432, timeout_tcp_inspect: 100 })],
    pools: [
      pool(1, {
        protocol: 'TCP',
        lb_algorithm: 'LEAST_CONNECTIONS',
        healthmonitor: monitor({
          type: 'TCP',
          http_method: null,
          url_path: null,
          expected_codes: null,
          max_retries_down: 2,
        }),
        members: [
          member(1, { protocol_port: 5432 }),
          member(2, { protocol_port: 5432, admin_state_up: false }),
          member(3, { protocol_port: 5432, backup: true }),
        ],
      }),
    ],
  }),
  'http-cookie-weights': loadBalancer({
    pools: [
      pool(1, {
        session_persistence: { type: 'HTTP_COOKIE', cookie_name: null },
        members: [member(1, { weight: 3 }), member(2)],
      }),
    ],
  }),
  'app-cookie': loadBalancer({
    pools: [pool(1, { session_persistence: { type: 'APP_COOKIE', cookie_name: 'JSESSIONID' } })],
  }),
  'source-ip-algorithm-ping-monitor': loadBalancer({
    pools: [
      pool(1, {
        lb_algorithm: 'SOURCE_IP',
        healthmonitor: monitor({ type: 'PING', http_method: null, url_path: null, expected_codes: null }),
      }),
    ],
  }),
  'https-monitor-expected-range-monitor-address': loadBalancer({
    pools: [
      pool(1, {
        healthmonitor: monitor({
          type: 'HTTPS',
          http_method: 'HEAD',
          url_path: '/healthz?full=1',
          expected_codes: '200-204',
        }),
        members: [member(1, { monitor_address: '198.51.100.99', monitor_port: 8081 })],
      }),
    ],
  }),
  'http-1.1-monitor-with-host': loadBalancer({
    pools: [
      pool(1, {
        healthmonitor: monitor({
          http_method: 'HEAD',
          url_path: '/up',
          http_version: 1.1,
          domain_name: 'www.example.com',
        }),
      }),
    ],
  }),
  'l7-policies': loadBalancer({
    listeners: [
      listener(1, {
        l7policies: [
          policy(3, {
            action: 'REDIRECT_TO_URL',
            // A literal % (here percent-encoding) must reach haproxy's log-format as %%.
            redirect_url: 'https://example.org/moved%20here?from=%[src]',
            redirect_http_code: 301,
            rules: [rule(3, { type: 'HOST_NAME', compare_type: 'EQUAL_TO', value: 'old.example.org' })],
          }),
          policy(1, { action: 'REDIRECT_TO_POOL', redirect_pool_id: fixtureId('pool', 2), rules: [rule(1)] }),
          policy(2, {
            action: 'REJECT',
            rules: [
              rule(2, { type: 'HEADER', compare_type: 'CONTAINS', key: 'X-Debug', value: 'on' }),
              rule(4, { type: 'COOKIE', compare_type: 'EQUAL_TO', key: 'beta', value: '1', invert: true }),
            ],
          }),
          policy(4, {
            action: 'REDIRECT_PREFIX',
            redirect_prefix: 'https://www.example.org',
            redirect_http_code: 302,
            rules: [rule(5, { type: 'FILE_TYPE', compare_type: 'EQUAL_TO', value: 'php' })],
          }),
          policy(5, { action: 'REJECT', rules: [] }),
        ],
      }),
    ],
    pools: [pool(1), pool(2, { members: [member(7)] })],
  }),
  'several-listeners-headers-cidrs-admin-down': loadBalancer({
    listeners: [
      listener(1, {
        insert_headers: {
          'X-Forwarded-For': 'true',
          'X-Forwarded-Port': 'true',
          'X-Forwarded-Proto': 'true',
        },
        allowed_cidrs: ['203.0.113.0/24', '198.51.100.0/24'],
        timeout_client_data: 1000,
        timeout_member_connect: 2000,
        timeout_member_data: 3000,
      }),
      listener(2, {
        protocol: 'TCP',
        protocol_port: 8080,
        default_pool_id: fixtureId('pool', 2),
        admin_state_up: false,
      }),
    ],
    pools: [pool(1), pool(2, { protocol: 'TCP', admin_state_up: false })],
  }),
  'terminated-https-proxy-pool': loadBalancer({
    listeners: [
      listener(1, {
        protocol: 'TERMINATED_HTTPS',
        protocol_port: 443,
        default_tls_container_ref: 'cert-1',
        insert_headers: { 'X-Forwarded-Proto': 'true' },
      }),
    ],
    pools: [pool(1, { protocol: 'PROXY' })],
  }),
  'source-ip-port-http-and-tcp': loadBalancer({
    listeners: [
      listener(1),
      listener(2, { protocol: 'TCP', protocol_port: 5432, default_pool_id: fixtureId('pool', 2) }),
    ],
    pools: [
      pool(1, { lb_algorithm: 'SOURCE_IP_PORT' }),
      pool(2, {
        protocol: 'TCP',
        lb_algorithm: 'SOURCE_IP_PORT',
        members: [member(3, { protocol_port: 5432 })],
      }),
    ],
  }),
  'tcp-proxy-v2-pool': loadBalancer({
    listeners: [listener(1, { protocol: 'TCP', protocol_port: 8081 })],
    pools: [pool(1, { protocol: 'PROXYV2' })],
  }),
  'terminated-https-http2-hsts': loadBalancer({
    listeners: [
      listener(1, {
        protocol: 'TERMINATED_HTTPS',
        protocol_port: 443,
        default_tls_container_ref: 'cert-1',
        alpn_protocols: ['h2', 'http/1.1'],
        hsts_max_age: 31536000,
        hsts_include_subdomains: true,
        hsts_preload: true,
      }),
    ],
  }),
  'terminated-https-tls-policy-client-certificates': loadBalancer({
    listeners: [
      listener(1, {
        protocol: 'TERMINATED_HTTPS',
        protocol_port: 443,
        default_tls_container_ref: 'cert-1',
        tls_certificate_pem: '<bundle>',
        tls_versions: ['TLSv1.2', 'TLSv1.3'],
        tls_ciphers: 'ECDHE-RSA-AES256-GCM-SHA384:TLS_AES_256_GCM_SHA384:ECDHE-RSA-AES128-GCM-SHA256',
        client_authentication: 'MANDATORY',
        client_ca_pem: '<ca>',
        client_crl_pem: '<crl>',
        insert_headers: {
          'X-SSL-Client-Verify': 'true',
          'X-SSL-Client-DN': 'true',
          'X-SSL-Client-CN': 'false',
        },
        l7policies: [
          policy(1, {
            action: 'REJECT',
            rules: [
              rule(1, { type: 'SSL_CONN_HAS_CERT', value: 'True', invert: true }),
              rule(2, { type: 'SSL_VERIFY_RESULT', value: '0', invert: true }),
            ],
          }),
          policy(2, {
            action: 'REDIRECT_TO_POOL',
            position: 2,
            redirect_pool_id: fixtureId('pool', 1),
            rules: [rule(3, { type: 'SSL_DN_FIELD', key: 'OU', compare_type: 'STARTS_WITH', value: 'ops' })],
          }),
        ],
      }),
      listener(2, {
        protocol: 'TERMINATED_HTTPS',
        protocol_port: 8443,
        default_tls_container_ref: 'cert-2',
        tls_certificate_pem: '<bundle>',
        tls_versions: ['TLSv1.3'],
        client_authentication: 'OPTIONAL',
        client_ca_pem: '<ca>',
      }),
    ],
    pools: [pool(1)],
  }),
  'pool-re-encryption-tls-hello': loadBalancer({
    listeners: [
      listener(1),
      listener(2, { protocol: 'TCP', protocol_port: 81, default_pool_id: fixtureId('pool', 2) }),
    ],
    pools: [
      pool(1, {
        tls_enabled: true,
        tls_certificate_pem: '<bundle>',
        ca_certificate_pem: '<ca>',
        crl_pem: '<crl>',
        tls_versions: ['TLSv1.2', 'TLSv1.3'],
        tls_ciphers: 'ECDHE-RSA-AES128-GCM-SHA256',
        alpn_protocols: ['http/1.1'],
        healthmonitor: monitor({ type: 'HTTPS' }),
      }),
      pool(2, {
        protocol: 'TCP',
        members: [member(3)],
        healthmonitor: monitor({
          type: 'TLS-HELLO',
          http_method: null,
          url_path: null,
          expected_codes: null,
        }),
      }),
    ],
  }),
  'terminated-https-sni': loadBalancer({
    listeners: [
      listener(1, {
        protocol: 'TERMINATED_HTTPS',
        protocol_port: 443,
        default_tls_container_ref: 'cert-1',
        sni_certificate_pems: ['<a.lbaas.test bundle>', '<b.lbaas.test bundle>'],
      }),
    ],
    pools: [pool(1)],
  }),
  'ipv6-vip-and-members': loadBalancer({
    vip: {
      ...loadBalancer().vip,
      address: '2001:db8::5',
      ip_version: 6,
      prefix_length: 64,
      gateway_ip: '2001:db8::1',
    },
    pools: [
      pool(1, {
        session_persistence: { type: 'SOURCE_IP', cookie_name: null },
        members: [member(1, { address: '2001:db8::10' })],
      }),
    ],
  }),
  'pending-delete-objects-left-out': loadBalancer({
    listeners: [
      listener(1),
      listener(2, { protocol_port: 81, provisioning_status: ProvisioningStatus.PendingDelete }),
    ],
    pools: [
      pool(1, { members: [member(1), member(2, { provisioning_status: ProvisioningStatus.PendingDelete })] }),
      pool(2, { provisioning_status: ProvisioningStatus.PendingDelete }),
    ],
  }),
  'flavor-tuning': loadBalancer({ tuning: { maxconn: 5000, nbthread: 2 } }),
  'additional-vips': loadBalancer({
    vip: {
      ...loadBalancer().vip,
      additional_addresses: [
        {
          address: '203.0.113.5',
          ip_version: 4,
          prefix_length: 24,
          subnet_id: '99999999-0000-4000-8000-000000000002',
        },
        {
          address: '2001:db8::5',
          ip_version: 6,
          prefix_length: 64,
          subnet_id: '99999999-0000-4000-8000-000000000003',
        },
      ],
    },
  }),
  'listener-without-pool': loadBalancer({ listeners: [listener(1, { default_pool_id: null })], pools: [] }),
  // The kernel carries UDP; haproxy only checks the members (and needs a listener of its own to run).
  'udp-only-checks-udp-connect': loadBalancer({
    listeners: [listener(1, { protocol: 'UDP', protocol_port: 53 })],
    pools: [
      pool(1, {
        protocol: 'UDP',
        healthmonitor: monitor({
          type: 'UDP-CONNECT',
          http_method: null,
          url_path: null,
          expected_codes: null,
        }),
        members: [
          member(1, { protocol_port: 5353 }),
          member(2, { protocol_port: 5353, admin_state_up: false }),
        ],
      }),
    ],
  }),
  'http-and-udp-tcp-monitor': loadBalancer({
    listeners: [
      listener(1),
      listener(2, { protocol: 'UDP', protocol_port: 53, default_pool_id: fixtureId('pool', 2) }),
    ],
    pools: [
      pool(1),
      pool(2, {
        protocol: 'UDP',
        healthmonitor: monitor({ type: 'TCP', http_method: null, url_path: null, expected_codes: null }),
        members: [member(1, { protocol_port: 53, monitor_port: 5300 })],
      }),
    ],
  }),
};

/** `graph` renders as its golden file shows, and haproxy -c takes it (with real TLS files). */
function expectGolden(name: string, graph: LoadBalancerGraph, options: RenderOptions = {}): void {
  const rendered = renderHaproxyConfig(graph, paths, options);
  const golden = join(GOLDEN_DIR, `${name}.cfg`);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, rendered);
  expect(rendered).toBe(readFileSync(golden, 'utf8'));
  const file = join(workDir, `${name}.cfg`);
  writeFileSync(file, renderHaproxyConfig(graph, checkPaths, options));
  writeTlsFiles(graph);
  // -c parses the whole file the way the real start does; a bad line fails with haproxy's own message.
  try {
    execFileSync('haproxy', ['-c', '-f', file], { stdio: 'pipe', timeout: 30_000 });
  } catch (error) {
    throw new Error(`haproxy -c refused ${name}: ${(error as { stderr?: Buffer }).stderr?.toString()}`);
  }
}

describe('renderHaproxyConfig', () => {
  it("drops to the configured group (neutron's [haproxy] user_group), nogroup by default", () => {
    const graph = FEATURES['listener-without-pool'];
    expect(renderHaproxyConfig(graph, paths)).toContain('\n    user nobody\n    group nogroup\n');
    expect(renderHaproxyConfig(graph, paths, { userGroup: 'nobody' })).toContain(
      '\n    user nobody\n    group nobody\n',
    );
  });

  it.each(Object.entries(FEATURES))('%s matches its golden file and passes haproxy -c', (name, graph) => {
    expectGolden(name, graph);
  });

  it("logs requests and TCP connections with the ids to the agent, and haproxy's own events apart", () => {
    const accessLog = { connectionLogging: true };
    const graph = loadBalancer({
      project_id: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
      listeners: [listener(1), listener(2, { protocol: 'TCP', protocol_port: 443, default_pool_id: null })],
    });
    expectGolden('access-logs', graph, { accessLog });
    const quiet = renderHaproxyConfig(graph, paths, {
      accessLog: { ...accessLog, connectionLogging: false },
    });
    expect(quiet).not.toContain('log-format');
    expect(quiet).toContain('    log fd@3 len 4000 format rfc5424 local1 notice');
    // Lines are split at newlines: a fetch of free text (the client certificate's DN) is JSON-escaped.
    const fetches = accessLogFormat('p', 'lb', true).match(/\[[^\]]*\]/g);
    expect(fetches).toEqual(['[ssl_c_verify]', '[ssl_c_s_dn,json(utf8s)]']);
    expect(() => renderHaproxyConfig({ ...graph, project_id: 'a%[src]' }, paths, { accessLog })).toThrow(
      /cannot be placed in a haproxy log format/,
    );
  });

  it('never writes names, descriptions or other free text', () => {
    const rendered = Object.values(FEATURES)
      .map((graph) => renderHaproxyConfig(graph, paths))
      .join('\n');
    // Every identifier in the configs is a UUID, a number, a keyword or a validated value.
    expect(rendered).not.toMatch(/web servers|VIP for/);
  });

  it('orders L7 policies by position, first match wins, and skips a policy without rules', () => {
    const rendered = renderHaproxyConfig(FEATURES['l7-policies'], paths);
    const actions = rendered.split('\n').filter((line) => /^\s+(use_backend|http-request)/.test(line));
    const unlessChosen = '!{ var(txn.lbaas_pool) -m found }';
    expect(actions).toEqual([
      `    http-request set-var(txn.lbaas_pool) str(${fixtureId('pool', 2)}) if ${unlessChosen} l7_0_0`,
      `    http-request deny if ${unlessChosen} l7_1_0 !l7_1_1`,
      `    http-request redirect location https://example.org/moved%%20here?from=%%[src] code 301 if ${unlessChosen} l7_2_0`,
      `    http-request redirect prefix https://www.example.org code 302 if ${unlessChosen} l7_3_0`,
      '    use_backend %[var(txn.lbaas_pool)] if { var(txn.lbaas_pool) -m found }',
    ]);
  });
});

describe('expectedCodesRegex', () => {
  it.each([
    ['200', '^200$'],
    ['200,202', '^(200|202)$'],
    ['200-203', '^(200|201|202|203)$'],
  ])('%s -> %s', (codes, regex) => {
    expect(expectedCodesRegex(codes)).toBe(regex);
  });
});

describe('configWord (defence in depth for values placed unquoted)', () => {
  it('passes words through', () => {
    expect(configWord('/health?x=1', 'url_path')).toBe('/health?x=1');
    expect(configWord('JSESSIONID', 'cookie_name')).toBe('JSESSIONID');
  });

  it.each(['', 'a b', 'a\nserver evil', 'a\tb', 'a\u0000', 'a#b', 'a"b', "a'b", 'a\\b', 'a\u0085b'])(
    'refuses %j',
    (value) => {
      expect(() => configWord(value, 'url_path')).toThrow(/url_path .* cannot be placed in a haproxy config/);
    },
  );
});

describe("an HTTP/1.1 monitor's Host header (defence in depth)", () => {
  it.each([
    'www.example.com\n    server evil 203.0.113.9:80',
    'a b',
    'a"b',
    '-bad.example.com',
    'x'.repeat(254),
  ])('refuses the domain_name %j', (domain) => {
    const graph = loadBalancer({
      pools: [pool(1, { healthmonitor: monitor({ http_version: 1.1, domain_name: domain }) })],
    });
    expect(() => renderHaproxyConfig(graph, paths)).toThrow(/domain_name .* cannot be placed/);
  });
});
