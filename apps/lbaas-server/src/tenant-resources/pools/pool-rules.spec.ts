import type { AlpnProtocol } from '@lbaas/contracts';
import {
  isIpv4Netmask,
  lbAlgorithmProblem,
  poolTlsProblem,
  sessionPersistenceProblem,
  storedSessionPersistence,
  udpPoolTlsProblem,
} from './pool-rules';

describe('session persistence rules', () => {
  it.each([
    ['HTTP', { type: 'SOURCE_IP' }],
    ['TCP', { type: 'SOURCE_IP' }],
    ['HTTP', { type: 'HTTP_COOKIE' }],
    ['HTTP', { type: 'APP_COOKIE', cookie_name: 'JSESSIONID' }],
  ] as const)('a %s pool accepts %j', (protocol, persistence) => {
    expect(sessionPersistenceProblem(protocol, persistence)).toBeUndefined();
  });

  it.each([
    ['HTTP', { type: 'APP_COOKIE' }, /needs a cookie_name/],
    ['HTTP', { type: 'APP_COOKIE', cookie_name: 'a b' }, /no spaces, quotes/],
    ['HTTP', { type: 'APP_COOKIE', cookie_name: 'x"\nbackend evil' }, /no spaces, quotes/],
    ['HTTP', { type: 'APP_COOKIE', cookie_name: 'x#comment' }, /no spaces, quotes, # \$ %/],
    ['HTTP', { type: 'SOURCE_IP', cookie_name: 'SID' }, /only allowed with APP_COOKIE/],
    ['HTTP', { type: 'HTTP_COOKIE', cookie_name: 'SID' }, /only allowed with APP_COOKIE/],
    ['TCP', { type: 'HTTP_COOKIE' }, /needs an HTTP pool, not TCP/],
    ['HTTPS', { type: 'APP_COOKIE', cookie_name: 'SID' }, /needs an HTTP pool, not HTTPS/],
  ] as const)('a %s pool refuses %j', (protocol, persistence, problem) => {
    expect(sessionPersistenceProblem(protocol, persistence)).toMatch(problem);
  });
});

describe('re-encryption rules', () => {
  const plain = {
    tlsEnabled: true,
    tlsContainerRef: null,
    caTlsContainerRef: null,
    crlContainerRef: null,
    alpnProtocols: null,
  };

  it('accepts an HTTP or TCP pool that re-encrypts, with or without a CA', () => {
    expect(poolTlsProblem('HTTP', plain)).toBeUndefined();
    expect(
      poolTlsProblem('TCP', { ...plain, caTlsContainerRef: 'ca', crlContainerRef: 'crl' }),
    ).toBeUndefined();
  });

  it.each([
    ['HTTPS', plain, /HTTPS pool passes the client's TLS through/],
    [
      'HTTP',
      { ...plain, crlContainerRef: 'crl' },
      /crl_container_ref: a revocation list needs ca_tls_container_ref/,
    ],
    ['HTTP', { ...plain, alpnProtocols: [] as AlpnProtocol[] }, /alpn_protocols: give at least one/],
  ] as const)('refuses a %s pool with %j', (protocol, settings, problem) => {
    expect(poolTlsProblem(protocol, settings)).toMatch(problem);
  });
});

describe('UDP-only persistence fields (Octavia 2.2)', () => {
  it.each([
    [
      { type: 'SOURCE_IP', persistence_timeout: 60 },
      'persistence_timeout applies to UDP pools only, not TCP',
    ],
    [
      { type: 'SOURCE_IP', persistence_granularity: '255.255.255.0' },
      'persistence_granularity applies to UDP pools only, not TCP',
    ],
  ] as const)('refuses %j on a TCP pool', (persistence, problem) => {
    expect(sessionPersistenceProblem('TCP', persistence)).toBe(problem);
  });

  it('takes them as null', () => {
    expect(
      sessionPersistenceProblem('TCP', {
        type: 'SOURCE_IP',
        persistence_timeout: null,
        persistence_granularity: null,
      }),
    ).toBeUndefined();
  });
});

describe('UDP pools', () => {
  it.each([
    [{ type: 'SOURCE_IP' }],
    [{ type: 'SOURCE_IP', persistence_timeout: 1, persistence_granularity: '255.255.255.0' }],
    [{ type: 'SOURCE_IP', persistence_timeout: 86400, persistence_granularity: '0.0.0.0' }],
    [{ type: 'SOURCE_IP', persistence_timeout: null, persistence_granularity: null }],
  ] as const)('take %j', (persistence) => {
    expect(sessionPersistenceProblem('UDP', persistence)).toBeUndefined();
  });

  it.each([
    [{ type: 'HTTP_COOKIE' }, 'UDP pools take SOURCE_IP session persistence only, not HTTP_COOKIE'],
    [{ type: 'APP_COOKIE', cookie_name: 'SID' }, 'UDP pools take SOURCE_IP session persistence only'],
    [{ type: 'SOURCE_IP', cookie_name: 'SID' }, 'cookie_name is only allowed with APP_COOKIE'],
    [{ type: 'SOURCE_IP', persistence_timeout: 0 }, 'persistence_timeout must be a whole number of seconds'],
    [{ type: 'SOURCE_IP', persistence_timeout: 86401 }, 'from 1 to 86400'],
    [{ type: 'SOURCE_IP', persistence_timeout: 1.5 }, 'persistence_timeout must be a whole number'],
    [
      { type: 'SOURCE_IP', persistence_granularity: '255.0.255.0' },
      'persistence_granularity must be an IPv4 netmask',
    ],
  ] as const)('refuse %j', (persistence, problem) => {
    expect(sessionPersistenceProblem('UDP', persistence)).toContain(problem);
  });

  it.each(['255.255.255.255', '255.255.255.0', '255.255.128.0', '128.0.0.0', '0.0.0.0'])(
    'read %s as a netmask',
    (mask) => {
      expect(isIpv4Netmask(mask)).toBe(true);
    },
  );

  it.each([
    '255.255.255.1',
    '0.255.255.255',
    '255.255.255',
    '255.255.255.0.0',
    '255.255.255.00',
    '256.0.0.0',
    'ffff::',
    '/24',
    ' 255.0.0.0',
    '',
  ])('refuse %j as a netmask', (mask) => {
    expect(isIpv4Netmask(mask)).toBe(false);
  });

  it("store a UDP pool's persistence with Octavia's defaults, other pools' as before", () => {
    expect(storedSessionPersistence('UDP', { type: 'SOURCE_IP' })).toEqual({
      type: 'SOURCE_IP',
      cookie_name: null,
      persistence_timeout: 360,
      persistence_granularity: '255.255.255.255',
    });
    expect(
      storedSessionPersistence('UDP', {
        type: 'SOURCE_IP',
        persistence_timeout: 30,
        persistence_granularity: '255.255.0.0',
      }),
    ).toMatchObject({ persistence_timeout: 30, persistence_granularity: '255.255.0.0' });
    expect(storedSessionPersistence('HTTP', { type: 'APP_COOKIE', cookie_name: 'SID' })).toEqual({
      type: 'APP_COOKIE',
      cookie_name: 'SID',
    });
  });

  it('offer the algorithms the kernel can honour, not LEAST_CONNECTIONS', () => {
    for (const algorithm of ['ROUND_ROBIN', 'SOURCE_IP', 'SOURCE_IP_PORT'] as const)
      expect(lbAlgorithmProblem('UDP', algorithm)).toBeUndefined();
    expect(lbAlgorithmProblem('UDP', 'LEAST_CONNECTIONS')).toMatch(
      /^lb_algorithm: LEAST_CONNECTIONS is not offered for UDP pools .*use one of ROUND_ROBIN, SOURCE_IP, SOURCE_IP_PORT$/,
    );
    expect(lbAlgorithmProblem('TCP', 'LEAST_CONNECTIONS')).toBeUndefined();
  });

  it('carry no TLS, naming the first field given', () => {
    expect(udpPoolTlsProblem('UDP', {})).toBeUndefined();
    expect(
      udpPoolTlsProblem('UDP', { tls_enabled: false, tls_container_ref: null, alpn_protocols: null }),
    ).toBeUndefined();
    expect(udpPoolTlsProblem('UDP', { tls_enabled: true })).toBe(
      'tls_enabled: UDP pools carry no TLS to their members',
    );
    expect(udpPoolTlsProblem('UDP', { ca_tls_container_ref: 'ca' })).toMatch(/^ca_tls_container_ref: /);
    expect(udpPoolTlsProblem('UDP', { tls_versions: ['TLSv1.3'] })).toMatch(/^tls_versions: /);
    expect(udpPoolTlsProblem('UDP', { tls_ciphers: 'HIGH' })).toMatch(/^tls_ciphers: /);
    expect(udpPoolTlsProblem('UDP', { alpn_protocols: ['h2'] })).toMatch(/^alpn_protocols: /);
    expect(udpPoolTlsProblem('TCP', { tls_enabled: true })).toBeUndefined();
  });
});
