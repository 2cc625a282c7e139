/**
 * The TLS parts of a haproxy config: protocol bounds, cipher lists, the files certificates, CA bundles and
 * revocation lists are written to, and the client-certificate headers. Pure: no I/O. Every value is
 * checked again here (defence in depth) so that only fixed words and validated names reach the text.
 */
import type {
  ClientCertificateHeader,
  ListenerGraph,
  LoadBalancerGraph,
  PoolGraph,
  TlsVersion,
} from '@lbaas/contracts';
import { ALPN_PROTOCOLS, CIPHER_LIST_PATTERN, liveObjects, tlsVersionRange } from '@lbaas/contracts';

/** haproxy's names of the API's TLS versions (ssl-min-ver / ssl-max-ver). */
const HAPROXY_TLS_VERSION: Record<TlsVersion, string> = {
  SSLv3: 'SSLv3',
  TLSv1: 'TLSv1.0',
  'TLSv1.1': 'TLSv1.1',
  'TLSv1.2': 'TLSv1.2',
  'TLSv1.3': 'TLSv1.3',
};

/**
 * ` ssl-min-ver A ssl-max-ver B` for a set of versions. OpenSSL enables a range, not a set: the API only
 * accepts sets without gaps, and the renderer refuses any other.
 */
export function tlsVersionOptions(versions: readonly TlsVersion[] | null | undefined): string {
  if (!versions || versions.length === 0) return '';
  const range = tlsVersionRange(versions);
  if (!range)
    throw new Error(
      `tls versions ${JSON.stringify(versions)} cannot be placed in a haproxy config: unknown, or a set with a gap (OpenSSL enables a range)`,
    );
  return ` ssl-min-ver ${HAPROXY_TLS_VERSION[range.oldest]} ssl-max-ver ${HAPROXY_TLS_VERSION[range.newest]}`;
}

/** Whether a cipher list entry names a TLS 1.3 suite (OpenSSL configures those apart). */
function isTls13Suite(entry: string): boolean {
  return entry.startsWith('TLS_');
}

/**
 * ` ciphers …` (TLS 1.2 and older) and ` ciphersuites …` (TLS 1.3) from one OpenSSL cipher list, as
 * Octavia's tls_ciphers mixes both: an entry named TLS_* is a TLS 1.3 suite. A kind the list does not
 * name keeps OpenSSL's defaults.
 */
export function cipherOptions(ciphers: string | null | undefined): string {
  if (!ciphers) return '';
  if (!CIPHER_LIST_PATTERN.test(ciphers))
    throw new Error(`tls ciphers ${JSON.stringify(ciphers)} cannot be placed in a haproxy config`);
  const entries = ciphers.split(':');
  const legacy = entries.filter((entry) => !isTls13Suite(entry));
  const suites = entries.filter(isTls13Suite);
  return `${legacy.length ? ` ciphers ${legacy.join(':')}` : ''}${suites.length ? ` ciphersuites ${suites.join(':')}` : ''}`;
}

/** ` alpn h2,http/1.1`; only the fixed protocol names reach the text. */
export function alpnOption(protocols: readonly string[] | null | undefined): string {
  if (!protocols || protocols.length === 0) return '';
  for (const protocol of protocols) {
    if (!(ALPN_PROTOCOLS as readonly string[]).includes(protocol))
      throw new Error(`alpn protocol ${JSON.stringify(protocol)} cannot be placed in a haproxy config`);
  }
  return ` alpn ${protocols.join(',')}`;
}

/** A file under the certificates folder: its name and content; null content keeps what the node has. */
export interface TlsFile {
  name: string;
  pem: string | null;
}

/** The files of one TERMINATED_HTTPS listener, by role. */
export function listenerTlsFiles(listener: ListenerGraph) {
  const clientAuth = (listener.client_authentication ?? 'NONE') !== 'NONE' && !!listener.client_ca_pem;
  return {
    // No bundle (its container went away): the node keeps the last one, which the config still names.
    certificate: { name: `${listener.id}.pem`, pem: listener.tls_certificate_pem },
    sni: (listener.sni_certificate_pems ?? []).map((pem, index) => ({
      name: `${listener.id}-sni-${index}.pem`,
      pem,
    })),
    clientCa: clientAuth ? { name: `${listener.id}-client-ca.pem`, pem: listener.client_ca_pem! } : undefined,
    clientCrl:
      clientAuth && listener.client_crl_pem
        ? { name: `${listener.id}-client-crl.pem`, pem: listener.client_crl_pem }
        : undefined,
  };
}

/** The files of one pool that re-encrypts to its members, by role. */
export function poolTlsFiles(pool: PoolGraph) {
  if (!pool.tls_enabled) return {};
  return {
    certificate: pool.tls_certificate_pem
      ? { name: `${pool.id}-client.pem`, pem: pool.tls_certificate_pem }
      : undefined,
    ca: pool.ca_certificate_pem ? { name: `${pool.id}-ca.pem`, pem: pool.ca_certificate_pem } : undefined,
    crl:
      pool.ca_certificate_pem && pool.crl_pem ? { name: `${pool.id}-crl.pem`, pem: pool.crl_pem } : undefined,
  };
}

/**
 * Every file the config of `graph` names under the certificates folder. The agent writes exactly these
 * (readable by root only: haproxy loads them before it drops privileges) and removes any other.
 */
export function tlsFiles(graph: LoadBalancerGraph): TlsFile[] {
  const files: (TlsFile | undefined)[] = [];
  for (const listener of liveObjects(graph.listeners)) {
    if (listener.protocol !== 'TERMINATED_HTTPS') continue;
    const { certificate, sni, clientCa, clientCrl } = listenerTlsFiles(listener);
    files.push(certificate, ...sni, clientCa, clientCrl);
  }
  for (const pool of liveObjects(graph.pools)) {
    const { certificate, ca, crl } = poolTlsFiles(pool);
    files.push(certificate, ca, crl);
  }
  return files.filter((file): file is TlsFile => file !== undefined);
}

/**
 * The haproxy sample each client-certificate header carries; quoted (`%{+Q}`) where the value may hold
 * spaces or commas.
 */
export const CLIENT_CERTIFICATE_HEADER_VALUES: Record<ClientCertificateHeader, string> = {
  'X-SSL-Client-Verify': '%[ssl_c_verify]',
  'X-SSL-Client-Has-Cert': '%[ssl_c_used]',
  'X-SSL-Client-DN': '%{+Q}[ssl_c_s_dn]',
  'X-SSL-Client-CN': '%{+Q}[ssl_c_s_dn(cn)]',
  'X-SSL-Issuer': '%{+Q}[ssl_c_i_dn]',
  'X-SSL-Client-SHA1': '%{+Q}[ssl_c_sha1,hex]',
  'X-SSL-Client-Not-Before': '%{+Q}[ssl_c_notbefore]',
  'X-SSL-Client-Not-After': '%{+Q}[ssl_c_notafter]',
};
