import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateBundle, PemError } from './pem';

const dir = mkdtempSync(join(tmpdir(), 'lbaas-pem-'));
function selfSigned(name: string): { certificate: string; privateKey: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
    ],
    {
      stdio: 'pipe',
      timeout: 30_000,
    },
  );
  return { certificate: readFileSync(cert, 'utf8'), privateKey: readFileSync(key, 'utf8') };
}

const a = selfSigned('a.test');
const b = selfSigned('b.test');
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
