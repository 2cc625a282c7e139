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
