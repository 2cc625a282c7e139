/**
 * Rules of the TLS settings listeners and pools share (tls_versions, tls_ciphers): pure, no I/O. The
 * operator's minimum version and defaults come from `[api_settings]` (Octavia's option names).
 */
import { getCiphers } from 'node:tls';
import { CIPHER_LIST_PATTERN, TLS_VERSIONS, type TlsVersion, tlsVersionRange } from '@lbaas/contracts';

/**
 * OpenSSL's cipher-list keywords (openssl-ciphers(1)): groups of ciphers an entry may name instead of a
 * cipher, alone or joined with `+` (e.g. `ECDHE+AESGCM`).
 */
const CIPHER_KEYWORDS = new Set(
  [
    'DEFAULT',
    'COMPLEMENTOFDEFAULT',
    'ALL',
    'COMPLEMENTOFALL',
    'HIGH',
    'MEDIUM',
    'LOW',
    'eNULL',
    'NULL',
    'aNULL',
    'kRSA',
    'aRSA',
    'RSA',
    'kDHr',
    'kDHd',
    'kDH',
    'kDHE',
    'kEDH',
    'DH',
    'DHE',
    'EDH',
    'ADH',
    'kEECDH',
    'kECDHE',
    'ECDH',
    'ECDHE',
    'EECDH',
    'AECDH',
    'aDSS',
    'DSS',
    'aDH',
    'aECDSA',
    'ECDSA',
    'TLSv1.2',
    'TLSv1.0',
    'TLSv1',
    'SSLv3',
    'AES128',
    'AES256',
    'AES',
    'AESGCM',
    'AESCCM',
    'AESCCM8',
    'ARIA128',
    'ARIA256',
    'ARIA',
    'CAMELLIA128',
    'CAMELLIA256',
    'CAMELLIA',
    'CHACHA20',
    '3DES',
    'DES',
    'RC4',
    'RC2',
    'IDEA',
    'SEED',
    'MD5',
    'SHA1',
    'SHA',
    'SHA256',
    'SHA384',
    'PSK',
    'kPSK',
    'kECDHEPSK',
    'kDHEPSK',
    'kRSAPSK',
    'aPSK',
    'SUITEB128',
    'SUITEB128ONLY',
    'SUITEB192',
    'CBC',
  ].map((keyword) => keyword.toUpperCase()),
);

/** Every cipher and TLS 1.3 suite this OpenSSL knows, upper case (Node's list is lower case). */
const KNOWN_CIPHERS = new Set(getCiphers().map((name) => name.toUpperCase()));

/** Checks tls_versions against the operator's minimum; returns the problem (naming `field`), or undefined. */
export function tlsVersionsProblem(
  field: string,
  versions: readonly TlsVersion[],
  minimum: TlsVersion | null,
): string | undefined {
  if (versions.length === 0) return `${field}: give at least one version, or leave it out for the default`;
  const tooOld = minimum
    ? versions.filter((version) => TLS_VERSIONS.indexOf(version) < TLS_VERSIONS.indexOf(minimum))
    : [];
  if (tooOld.length > 0)
    return `${field}: ${tooOld.join(', ')} ${tooOld.length > 1 ? 'are' : 'is'} below the minimum TLS version ${minimum} allowed here`;
  if (!tlsVersionRange(versions))
    return `${field}: ${versions.join(', ')} leaves a gap; OpenSSL enables a contiguous range of versions`;
  return undefined;
}

/** One entry of a cipher list, without its operator: a cipher, a keyword, `A+B`, or `@STRENGTH`. */
function cipherEntryKnown(entry: string): boolean {
  if (entry === '@STRENGTH' || /^@SECLEVEL=[0-5]$/.test(entry)) return true;
  const name = entry.replace(/^[!+-]/, '').toUpperCase();
  if (KNOWN_CIPHERS.has(name)) return true;
  return name.split('+').every((part) => CIPHER_KEYWORDS.has(part) || KNOWN_CIPHERS.has(part));
}

/** Checks an OpenSSL cipher list; returns the problem (naming `field`), or undefined. */
export function cipherListProblem(field: string, ciphers: string): string | undefined {
  if (ciphers.length > 2048) return `${field}: at most 2048 characters`;
  if (!CIPHER_LIST_PATTERN.test(ciphers))
    return `${field}: a colon-separated OpenSSL cipher list (letters, digits and _ . = + ! @ -)`;
  const unknown = ciphers.split(':').filter((entry) => !cipherEntryKnown(entry));
  if (unknown.length > 0) return `${field}: unknown cipher ${unknown.join(', ')}`;
  return undefined;
}

/** Operator settings as written in the config (comma-separated versions, a cipher list), checked. */
export function parseTlsVersions(option: string, value: string): TlsVersion[] {
  const versions = value
    .split(',')
    .map((version) => version.trim())
    .filter(Boolean);
  const unknown = versions.filter((version) => !(TLS_VERSIONS as readonly string[]).includes(version));
  if (unknown.length > 0)
    throw new Error(`${option}: ${unknown.join(', ')} is not one of ${TLS_VERSIONS.join(', ')}`);
  return versions as TlsVersion[];
}
