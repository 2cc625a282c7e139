import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SelfSigned {
  certificatePath: string;
  privateKeyPath: string;
  certificate: string;
  privateKey: string;
}

/** A throwaway self-signed certificate for tests, made by openssl in `dir` (valid one day). */
export function selfSignedCertificate(dir: string, commonName: string): SelfSigned {
  const privateKeyPath = join(dir, `${commonName}.key`);
  const certificatePath = join(dir, `${commonName}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      privateKeyPath,
      '-out',
      certificatePath,
      '-days',
      '1',
      '-subj',
      `/CN=${commonName}`,
    ],
    { stdio: 'pipe', timeout: 30_000 },
  );
  return {
    certificatePath,
    privateKeyPath,
    certificate: readFileSync(certificatePath, 'utf8'),
    privateKey: readFileSync(privateKeyPath, 'utf8'),
  };
}
