/**
 * Checks of TLS material (pure, no I/O): a PEM certificate, its private key, optional intermediates,
 * and that the key belongs to the certificate. haproxy gets them as one bundle.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';

export class PemError extends Error {}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function certificates(pem: string, what: string): X509Certificate[] {
  const blocks = pem.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) throw new PemError(`${what} holds no PEM certificate`);
  return blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new PemError(`${what} holds a certificate that cannot be read`);
    }
  });
}

export interface CertificateBundleInput {
  certificate: string;
  privateKey: string;
  intermediates?: string | null;
}

/** The bundle haproxy loads (certificate, intermediates, key), after every check. */
export function certificateBundle(input: CertificateBundleInput): string {
  const [certificate] = certificates(input.certificate, 'certificate');
  let key;
  try {
    key = createPrivateKey(input.privateKey);
  } catch {
    throw new PemError('private_key is not a readable, unencrypted PEM private key');
  }
  if (!certificate.checkPrivateKey(key)) throw new PemError('private_key does not belong to the certificate');
  const chain = input.intermediates ? certificates(input.intermediates, 'intermediates') : [];
  const pem = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  return [
    certificate.toString(),
    ...chain.map((c) => c.toString()),
    key.export({ format: 'pem', type: 'pkcs8' }).toString(),
  ]
    .map(pem)
    .join('');
}

/** A CA bundle as haproxy loads it (`ca-file`): one or more certificates, each readable. */
export function caBundle(pem: string, what: string): string {
  return certificates(pem, what)
    .map((certificate) => certificate.toString())
    .map((text) => (text.endsWith('\n') ? text : `${text}\n`))
    .join('');
}

const CRL_BLOCK = /-----BEGIN X509 CRL-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END X509 CRL-----/g;

/**
 * A certificate revocation list as haproxy loads it (`crl-file`): PEM X509 CRL blocks of base64 that
 * decodes to DER (a SEQUENCE). haproxy reads the structure itself when it loads the file.
 */
export function revocationListPem(pem: string, what: string): string {
  const blocks = [...pem.matchAll(CRL_BLOCK)];
  if (blocks.length === 0) throw new PemError(`${what} holds no PEM certificate revocation list`);
  return blocks
    .map(([, body]) => {
      const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
      if (der.length < 16 || der[0] !== 0x30)
        throw new PemError(`${what} holds a revocation list that cannot be read`);
      const lines = der.toString('base64').match(/.{1,64}/g)!;
      return `-----BEGIN X509 CRL-----\n${lines.join('\n')}\n-----END X509 CRL-----\n`;
    })
    .join('');
}
