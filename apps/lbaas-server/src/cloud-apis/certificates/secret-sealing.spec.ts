import { randomBytes } from 'node:crypto';
import { openSecret, SEALED_PREFIX, sealingKey, sealSecret, SecretSealingError } from './secret-sealing';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
const key = randomBytes(32);

describe('secret sealing', () => {
  it('seals a payload so that neither it nor its parts appear, and opens it again', () => {
    const sealed = sealSecret(PEM, key);
    expect(sealed.startsWith(SEALED_PREFIX)).toBe(true);
    expect(sealed).not.toContain('PRIVATE KEY');
    expect(sealed).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(openSecret(sealed, key)).toBe(PEM);
  });

  it('never seals the same payload to the same text (fresh IV each time)', () => {
    expect(sealSecret(PEM, key)).not.toBe(sealSecret(PEM, key));
  });

  it('keeps payloads plaintext without a key, and reads plaintext ones written before a key was set', () => {
    expect(sealSecret(PEM, null)).toBe(PEM);
    expect(openSecret(PEM, key)).toBe(PEM);
    expect(openSecret(PEM, null)).toBe(PEM);
  });

  it('refuses a sealed payload without the key, with another key, or altered', () => {
    const sealed = sealSecret(PEM, key);
    expect(() => openSecret(sealed, null)).toThrow(/no \[certificates\] encryption_key is configured/);
    expect(() => openSecret(sealed, randomBytes(32))).toThrow(SecretSealingError);
    const body = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
    body[body.length - 1] ^= 1;
    expect(() => openSecret(SEALED_PREFIX + body.toString('base64'), key)).toThrow(
      /does not open with the configured/,
    );
    expect(() => openSecret(SEALED_PREFIX + body.subarray(0, 20).toString('base64'), key)).toThrow(
      /does not open with the configured/,
    );
  });

  it('reads the key from base64: empty means none, anything but 32 bytes is refused', () => {
    expect(sealingKey('')).toBeNull();
    expect(sealingKey(key.toString('base64'))).toEqual(key);
    expect(() => sealingKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
