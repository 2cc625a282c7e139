import { alpnOption, cipherOptions, tlsFiles, tlsVersionOptions } from './tls-options';
import { listener, loadBalancer, pool } from './testing/graph-fixtures';

describe('tlsVersionOptions', () => {
  it.each([
    [['TLSv1.2', 'TLSv1.3'], ' ssl-min-ver TLSv1.2 ssl-max-ver TLSv1.3'],
    [['TLSv1.3'], ' ssl-min-ver TLSv1.3 ssl-max-ver TLSv1.3'],
    [['TLSv1.1', 'TLSv1'], ' ssl-min-ver TLSv1.0 ssl-max-ver TLSv1.1'],
    [null, ''],
  ] as const)('%j -> %j', (versions, options) => {
    expect(tlsVersionOptions(versions)).toBe(options);
  });

  it('refuses a set with a gap (OpenSSL enables a range) and an unknown version', () => {
    expect(() => tlsVersionOptions(['TLSv1', 'TLSv1.2'])).toThrow(/gap/);
    expect(() => tlsVersionOptions(['TLSv9' as never])).toThrow(/cannot be placed/);
  });
});

describe('cipherOptions', () => {
  it('puts TLS 1.3 suites apart from the older ciphers', () => {
    expect(cipherOptions('ECDHE-RSA-AES128-GCM-SHA256:TLS_AES_128_GCM_SHA256:!aNULL')).toBe(
      ' ciphers ECDHE-RSA-AES128-GCM-SHA256:!aNULL ciphersuites TLS_AES_128_GCM_SHA256',
    );
    expect(cipherOptions('TLS_AES_256_GCM_SHA384')).toBe(' ciphersuites TLS_AES_256_GCM_SHA384');
    expect(cipherOptions(null)).toBe('');
  });

  it.each(['HIGH verify none', 'HIGH\nserver evil', 'HIGH#', 'a::b', ':HIGH', 'HIGH"'])(
    'refuses %j',
    (value) => {
      expect(() => cipherOptions(value)).toThrow(/cannot be placed in a haproxy config/);
    },
  );
});

describe('alpnOption', () => {
  it('joins the fixed names and refuses any other', () => {
    expect(alpnOption(['h2', 'http/1.1'])).toBe(' alpn h2,http/1.1');
    expect(() => alpnOption(['h2 crt /etc/shadow'])).toThrow(/cannot be placed/);
  });
});

describe('tlsFiles', () => {
  it('names every file the config loads: certificates, client CA and CRL, a pool’s certificate, CA and CRL', () => {
    const graph = loadBalancer({
      listeners: [
        listener(1, {
          protocol: 'TERMINATED_HTTPS',
          tls_certificate_pem: null,
          sni_certificate_pems: ['sni'],
          client_authentication: 'MANDATORY',
          client_ca_pem: 'ca',
          client_crl_pem: 'crl',
        }),
        // A CA without client authentication is not loaded.
        listener(2, { protocol: 'TERMINATED_HTTPS', tls_certificate_pem: 'cert', client_ca_pem: 'ca' }),
      ],
      pools: [
        pool(1, {
          tls_enabled: true,
          tls_certificate_pem: 'client',
          ca_certificate_pem: 'ca',
          crl_pem: 'crl',
        }),
        // Not re-encrypting: nothing of it is written.
        pool(2, { tls_enabled: false, ca_certificate_pem: 'ca' }),
      ],
    });
    const [l1, l2] = graph.listeners.map((l) => l.id);
    const p1 = graph.pools[0].id;
    expect(tlsFiles(graph)).toEqual([
      { name: `${l1}.pem`, pem: null },
      { name: `${l1}-sni-0.pem`, pem: 'sni' },
      { name: `${l1}-client-ca.pem`, pem: 'ca' },
      { name: `${l1}-client-crl.pem`, pem: 'crl' },
      { name: `${l2}.pem`, pem: 'cert' },
      { name: `${p1}-client.pem`, pem: 'client' },
      { name: `${p1}-ca.pem`, pem: 'ca' },
      { name: `${p1}-crl.pem`, pem: 'crl' },
    ]);
  });
});
