import { cipherListProblem, parseTlsVersions, tlsVersionsProblem } from './tls-rules';

describe('tlsVersionsProblem', () => {
  it('accepts a contiguous range at or above the minimum', () => {
    expect(tlsVersionsProblem('tls_versions', ['TLSv1.2', 'TLSv1.3'], 'TLSv1.2')).toBeUndefined();
    expect(tlsVersionsProblem('tls_versions', ['TLSv1', 'TLSv1.1'], null)).toBeUndefined();
  });

  it.each([
    [
      ['TLSv1.1', 'TLSv1.2'],
      'TLSv1.2',
      'tls_versions: TLSv1.1 is below the minimum TLS version TLSv1.2 allowed here',
    ],
    [
      ['TLSv1', 'TLSv1.2'],
      null,
      'tls_versions: TLSv1, TLSv1.2 leaves a gap; OpenSSL enables a contiguous range of versions',
    ],
    [[], null, 'tls_versions: give at least one version, or leave it out for the default'],
  ] as const)('%j with minimum %s: %s', (versions, minimum, problem) => {
    expect(tlsVersionsProblem('tls_versions', versions, minimum)).toBe(problem);
  });
});

describe('cipherListProblem', () => {
  it.each([
    'ECDHE-RSA-AES128-GCM-SHA256',
    'TLS_AES_256_GCM_SHA384:ECDHE-ECDSA-AES256-GCM-SHA384',
    'HIGH:!aNULL:!MD5:@STRENGTH',
    'ECDHE+AESGCM:-SHA1:@SECLEVEL=2',
  ])('accepts %s', (ciphers) => {
    expect(cipherListProblem('tls_ciphers', ciphers)).toBeUndefined();
  });

  it.each([
    ['ECDHE-RSA-AES128-GCM-SHA256:NOT-A-CIPHER', 'tls_ciphers: unknown cipher NOT-A-CIPHER'],
    [
      'HIGH verify none',
      'tls_ciphers: a colon-separated OpenSSL cipher list (letters, digits and _ . = + ! @ -)',
    ],
    [
      'HIGH\nserver evil 1.2.3.4:80',
      'tls_ciphers: a colon-separated OpenSSL cipher list (letters, digits and _ . = + ! @ -)',
    ],
    ['HIGH::LOW', 'tls_ciphers: a colon-separated OpenSSL cipher list (letters, digits and _ . = + ! @ -)'],
  ])('refuses %j', (ciphers, problem) => {
    expect(cipherListProblem('tls_ciphers', ciphers)).toBe(problem);
  });
});

describe('parseTlsVersions', () => {
  it('reads an option and names it when a version is unknown', () => {
    expect(parseTlsVersions('default_listener_tls_versions', 'TLSv1.2, TLSv1.3')).toEqual([
      'TLSv1.2',
      'TLSv1.3',
    ]);
    expect(() => parseTlsVersions('default_listener_tls_versions', 'TLSv1.2,TLSv2')).toThrow(
      'default_listener_tls_versions: TLSv2 is not one of SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3',
    );
  });
});
