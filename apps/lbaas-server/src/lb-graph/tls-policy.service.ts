import { BadRequestException, Injectable } from '@nestjs/common';
import type { TlsVersion } from '@lbaas/contracts';
import { ServerConfig } from '../platform/config/server.config';
import { cipherListProblem, parseTlsVersions, tlsVersionsProblem } from './tls-rules';

/** What tls_versions and tls_ciphers settle to on a listener or pool. */
export interface TlsPolicy {
  tlsVersions: TlsVersion[] | null;
  tlsCiphers: string | null;
}

/** The TLS fields of a listener's or pool's write body. */
export interface TlsPolicyFields {
  tls_versions?: TlsVersion[] | null;
  tls_ciphers?: string | null;
}

/**
 * The operator's TLS policy (`[api_settings]`): defaults of listeners and re-encrypting pools, and the
 * oldest version allowed. Its own defaults must obey it: the server does not start otherwise.
 */
@Injectable()
export class TlsPolicyService {
  readonly minimum: TlsVersion | null;
  readonly listenerDefaults: TlsPolicy;
  readonly poolDefaults: TlsPolicy;

  constructor(config: ServerConfig) {
    this.minimum = (config.minimumTlsVersion || null) as TlsVersion | null;
    this.listenerDefaults = this.checkedDefaults(
      'default_listener_tls_versions',
      config.defaultListenerTlsVersions,
      'default_listener_ciphers',
      config.defaultListenerCiphers,
    );
    this.poolDefaults = this.checkedDefaults(
      'default_pool_tls_versions',
      config.defaultPoolTlsVersions,
      'default_pool_ciphers',
      config.defaultPoolCiphers,
    );
  }

  /**
   * tls_versions and tls_ciphers after a write: given values are checked against the policy (a 400
   * naming the field); null, or nothing stored yet, takes `defaults` (null: none).
   */
  settle(given: TlsPolicyFields, current: Partial<TlsPolicy>, defaults: TlsPolicy | null): TlsPolicy {
    const problem =
      (given.tls_versions && tlsVersionsProblem('tls_versions', given.tls_versions, this.minimum)) ||
      (typeof given.tls_ciphers === 'string'
        ? cipherListProblem('tls_ciphers', given.tls_ciphers)
        : undefined);
    if (problem) throw new BadRequestException(`Invalid input for ${problem}`);
    const pick = <T>(value: T | null | undefined, now: T | null | undefined, fallback: T | null) =>
      value === undefined ? (now ?? fallback) : (value ?? fallback);
    const versions = pick(given.tls_versions, current.tlsVersions, defaults?.tlsVersions ?? null);
    return {
      tlsVersions: versions && [...new Set(versions)],
      tlsCiphers: pick(given.tls_ciphers, current.tlsCiphers, defaults?.tlsCiphers ?? null),
    };
  }

  private checkedDefaults(
    versionsOption: string,
    versions: string,
    ciphersOption: string,
    ciphers: string,
  ): TlsPolicy {
    const tlsVersions = parseTlsVersions(versionsOption, versions);
    const problem =
      tlsVersionsProblem(versionsOption, tlsVersions, this.minimum) ??
      cipherListProblem(ciphersOption, ciphers);
    if (problem) throw new Error(`[api_settings] ${problem}`);
    return { tlsVersions, tlsCiphers: ciphers };
  }
}
