import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secret payloads (TLS private keys above all) at rest: AES-256-GCM under the operator's
 * `[certificates] encryption_key`, stored as `SEALED_PREFIX` + base64(iv | tag | ciphertext). Payloads
 * written while no key was set stay plaintext and are still read, so a key can be added to a running
 * deployment (new secrets are sealed from then on).
 */
export const SEALED_PREFIX = 'lbaas-aes-256-gcm:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretSealingError extends Error {}

/** The 32-byte key from its base64 form; null for an empty setting (no encryption). */
export function sealingKey(base64: string): Buffer | null {
  if (base64 === '') return null;
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new SecretSealingError('encryption_key must be 32 bytes, base64-encoded');
  return key;
}

export function sealSecret(payload: string, key: Buffer | null): string {
  if (!key) return payload;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(payload, 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

export function openSecret(stored: string, key: Buffer | null): string {
  if (!stored.startsWith(SEALED_PREFIX)) return stored;
  if (!key) {
    throw new SecretSealingError('a secret is encrypted but no [certificates] encryption_key is configured');
  }
  const sealed = Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretSealingError('a secret does not open with the configured [certificates] encryption_key');
  }
}
