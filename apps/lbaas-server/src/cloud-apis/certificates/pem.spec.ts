import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from '@lbaas/haproxy/testing/tls-fixtures';
import { certificateBundle, PemError } from './pem';

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
