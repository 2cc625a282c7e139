import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ServerConfig } from '../../config/server.config';
import {
  type CatalogService,
  identityV3Url,
  readValidatedToken,
  passwordTokenRequest,
  trustedUntil,
  type ValidatedToken,
} from './keystone-token';

/** Keystone could not be asked (down, slow, or refusing the service's own credentials). */
export class IdentityUnavailableError extends Error {}

/** Enough for every token in use on a busy cloud; the oldest entries go first beyond it. */
const MAX_CACHED_TOKENS = 10_000;
/** Renew the service token this long before Keystone would expire it. */
const SERVICE_TOKEN_MARGIN_MS = 5_000;

/**
 * Validates user tokens with Keystone v3 (`GET /v3/auth/tokens` with the service's own token), the way
 * keystonemiddleware does, and remembers each answer until the token expires (at most
 * `token_cache_time`). Tokens are kept only as SHA-256 digests.
 */
@Injectable()
export class KeystoneTokenValidator {
  private readonly logger = new Logger(KeystoneTokenValidator.name);
  private readonly identityUrl: string;
  private readonly trusted = new Map<string, { token: ValidatedToken; until: number }>();
  private serviceToken?: { value: string; expiresAt: number; catalog: CatalogService[] };

  constructor(private readonly config: ServerConfig) {
    this.identityUrl = identityV3Url(config.keystoneAuthUrl);
  }

  /** Where clients should authenticate (the WWW-Authenticate header of a 401). */
  get authUri(): string {
    return this.identityUrl;
  }

  /** The token's project and roles; undefined when Keystone does not know it (bad, expired, revoked). */
  async validate(userToken: string): Promise<ValidatedToken | undefined> {
    const key = createHash('sha256').update(userToken).digest('hex');
    const now = Date.now();
    const known = this.trusted.get(key);
    if (known && known.until > now) return known.token;
    this.trusted.delete(key);

    const token = await this.askKeystone(userToken, true);
    if (token) {
      if (this.trusted.size >= MAX_CACHED_TOKENS) this.trusted.delete(this.trusted.keys().next().value!);
      this.trusted.set(key, { token, until: trustedUntil(token, now, this.config.keystoneTokenCacheTime) });
    }
    return token;
  }

  private async askKeystone(userToken: string, mayRetry: boolean): Promise<ValidatedToken | undefined> {
    const response = await this.request('/auth/tokens', {
      headers: { 'X-Auth-Token': (await this.serviceSession()).value, 'X-Subject-Token': userToken },
    });
    if (response.status === 200) return readValidatedToken(await response.json());
    if (response.status === 404) return undefined;
    if (response.status === 401 && mayRetry) {
      // Our own token expired or was revoked: get a new one, once.
      this.forgetServiceToken();
      return this.askKeystone(userToken, false);
    }
    throw new IdentityUnavailableError(`Keystone answered ${response.status} when validating a token`);
  }

  /**
   * The service user's own token ([keystone_authtoken]) and its catalog, renewed before it expires: what
   * the server validates tokens with, and calls other services (Neutron) with.
   */
  async serviceSession(): Promise<{ value: string; catalog: CatalogService[] }> {
    if (this.serviceToken && this.serviceToken.expiresAt - SERVICE_TOKEN_MARGIN_MS > Date.now()) {
      return this.serviceToken;
    }
    const response = await this.request('/auth/tokens', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(
        passwordTokenRequest({
          username: this.config.keystoneUsername,
          password: this.config.keystonePassword,
          userDomainName: this.config.keystoneUserDomainName,
          projectName: this.config.keystoneProjectName,
          projectDomainName: this.config.keystoneProjectDomainName,
        }),
      ),
    });
    const value = response.headers.get('x-subject-token');
    if (response.status !== 201 || !value) {
      this.logger.error(
        { status: response.status, username: this.config.keystoneUsername },
        'Keystone refused the service credentials ([keystone_authtoken])',
      );
      throw new IdentityUnavailableError(`Keystone answered ${response.status} to the service credentials`);
    }
    const { token } = (await response.json()) as {
      token: { expires_at: string; catalog?: CatalogService[] };
    };
    this.serviceToken = { value, expiresAt: Date.parse(token.expires_at), catalog: token.catalog ?? [] };
    return this.serviceToken;
  }

  /** Another service refused the service token (revoked before its expiry): the next call logs in again. */
  forgetServiceToken(): void {
    this.serviceToken = undefined;
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.identityUrl}${path}`, {
        ...init,
        signal: AbortSignal.timeout(this.config.keystoneTimeout * 1000),
      });
    } catch (error) {
      throw new IdentityUnavailableError(
        `Keystone at ${this.identityUrl} did not answer: ${(error as Error).message}`,
      );
    }
  }
}
