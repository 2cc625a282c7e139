import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  certificateAuthority,
  revocationList,
  selfSignedCertificate,
} from '@lbaas/haproxy/testing/tls-fixtures';
import { caBundle, certificateBundle, PemError, revocationListPem } from './pem';

const dir = mkdtempSync(join(tmpdir(), 'lbaas-pem-'));
const a = selfSignedCertificate(dir, 'a.test');
const b = selfSignedCertificate(dir, 'b.test');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('certificateBundle', () => {
  it('bundles certificate, intermediates and key, in that order', () => {
    const bundle = certificateBundle({ ...a, intermediates: b.certificate });
    const blocks = bundle.match(/-----BEGIN [A-Z ]+-----/g);
    expect(blocks).toEqual([
      '-----BEGIN CERTIFICATE-----',
      '-----BEGIN CERTIFICATE-----',
      '-----BEGIN PRIVATE KEY-----',
    ]);
  });

  it.each([
    ['no certificate', { certificate: 'hello', privateKey: a.privateKey }, /holds no PEM certificate/],
    [
      'a broken certificate',
      {
        certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
        privateKey: a.privateKey,
      },
      /cannot be read/,
    ],
    ['no key', { certificate: a.certificate, privateKey: 'nope' }, /not a readable/],
    [
      'a key of another certificate',
      { certificate: a.certificate, privateKey: b.privateKey },
      /does not belong/,
    ],
  ])('refuses %s', (_what, input, message) => {
    expect(() => certificateBundle(input)).toThrow(PemError);
    expect(() => certificateBundle(input)).toThrow(message);
  });
});

describe('caBundle and revocationListPem', () => {
  it('keep the certificates of a CA bundle and the blocks of a CRL, and refuse anything else', () => {
    const ca = certificateAuthority(dir, 'Test CA');
    expect(
      caBundle(`comment\n${a.certificate}${b.certificate}`, 'ca').match(/BEGIN CERTIFICATE/g),
    ).toHaveLength(2);
    expect(() => caBundle(a.privateKey, 'client_ca_tls_container_ref')).toThrow(
      'client_ca_tls_container_ref holds no PEM certificate',
    );
    const crl = revocationList(ca, []);
    expect(revocationListPem(crl, 'crl')).toBe(crl);
    expect(() => revocationListPem(a.certificate, 'crl_container_ref')).toThrow(
      'crl_container_ref holds no PEM certificate revocation list',
    );
    expect(() =>
      revocationListPem('-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n', 'crl'),
    ).toThrow(PemError);
  });
});
