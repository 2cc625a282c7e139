import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SelfSigned {
  certificatePath: string;
  privateKeyPath: string;
  certificate: string;
  privateKey: string;
}

/** A certificate and its key as openssl wrote them. */
function readPair(certificatePath: string, privateKeyPath: string): SelfSigned {
  return {
    certificatePath,
    privateKeyPath,
    certificate: readFileSync(certificatePath, 'utf8'),
    privateKey: readFileSync(privateKeyPath, 'utf8'),
  };
}

/** A throwaway self-signed certificate for tests, made by openssl in `dir` (valid one day). */
export function selfSignedCertificate(dir: string, commonName: string): SelfSigned {
  const privateKeyPath = join(dir, `${commonName}.key`);
  const certificatePath = join(dir, `${commonName}.crt`);
  openssl([
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
  ]);
  return readPair(certificatePath, privateKeyPath);
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe', timeout: 30_000 });
}

/** A throwaway certificate authority (self-signed, valid one day) that signs and revokes certificates. */
export interface TestCertificateAuthority extends SelfSigned {
  dir: string;
  commonName: string;
}

/** A certificate authority in `dir` named `commonName`; `openssl ca` keeps its records in a folder of its own. */
export function certificateAuthority(dir: string, commonName: string): TestCertificateAuthority {
  const ca = selfSignedCertificate(dir, commonName);
  const records = join(dir, `${commonName}.records`);
  mkdirSync(records, { recursive: true });
  writeFileSync(join(records, 'index.txt'), '');
  writeFileSync(join(records, 'crlnumber'), '01\n');
  writeFileSync(
    join(records, 'openssl.cnf'),
    [
      '[ca]',
      'default_ca = test_ca',
      '[test_ca]',
      `database = ${join(records, 'index.txt')}`,
      `crlnumber = ${join(records, 'crlnumber')}`,
      'default_md = sha256',
      'default_crl_days = 1',
      '',
    ].join('\n'),
  );
  return { ...ca, dir, commonName };
}

/**
 * A certificate for `commonName` signed by `ca` (valid one day), for a server or a client: `subject` gives
 * more fields of the subject (e.g. `/O=Example`).
 */
export function issueCertificate(ca: TestCertificateAuthority, commonName: string, subject = ''): SelfSigned {
  const privateKeyPath = join(ca.dir, `${commonName}.key`);
  const requestPath = join(ca.dir, `${commonName}.csr`);
  const certificatePath = join(ca.dir, `${commonName}.crt`);
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    privateKeyPath,
    '-out',
    requestPath,
    '-subj',
    `/CN=${commonName}${subject}`,
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    requestPath,
    '-CA',
    ca.certificatePath,
    '-CAkey',
    ca.privateKeyPath,
    '-set_serial',
    `0x${randomBytes(8).toString('hex')}`,
    '-days',
    '1',
    '-out',
    certificatePath,
  ]);
  return readPair(certificatePath, privateKeyPath);
}

/** The CA's revocation list (PEM) naming `revoked` (and every certificate revoked before). */
export function revocationList(ca: TestCertificateAuthority, revoked: SelfSigned[]): string {
  const config = join(ca.dir, `${ca.commonName}.records`, 'openssl.cnf');
  const keys = ['-keyfile', ca.privateKeyPath, '-cert', ca.certificatePath];
  for (const certificate of revoked)
    openssl(['ca', '-config', config, ...keys, '-revoke', certificate.certificatePath]);
  const crlPath = join(ca.dir, `${ca.commonName}.crl`);
  openssl(['ca', '-config', config, ...keys, '-gencrl', '-out', crlPath]);
  return readFileSync(crlPath, 'utf8');
}
