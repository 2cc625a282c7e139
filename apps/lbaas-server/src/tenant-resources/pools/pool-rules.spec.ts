import type { AlpnProtocol } from '@lbaas/contracts';
import { poolTlsProblem, sessionPersistenceProblem } from './pool-rules';

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
