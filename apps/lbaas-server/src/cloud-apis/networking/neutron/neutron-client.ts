import { readFileSync } from 'node:fs';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Agent, request } from 'undici';
import { ServerConfig } from '../../../platform/config/server.config';
import { catalogEndpoint } from '../../../platform/auth/keystone/keystone-token';
import { KeystoneTokenValidator } from '../../../platform/auth/keystone/keystone-token-validator.service';

/** Neutron could not be asked: unreachable, too slow, failing (5xx) or refusing our credentials. */
export class NeutronUnavailableError extends Error {
  override name = 'NeutronUnavailable';
}

/** Neutron refused a request (4xx): its NeutronError type and message, for the API's own answer. */
export class NeutronRequestError extends Error {
  override name = 'NeutronRequestError';

  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Neutron's v2.0 API as this server's service user ([keystone_authtoken]) or, with an endpoint_override
 * and auth_strategy = noauth, without a token (a Neutron with noauth). Every call has the [neutron]
 * timeout; failures are NeutronUnavailableError or NeutronRequestError, never a hang.
 */
@Injectable()
export class NeutronClient implements OnModuleDestroy {
  private readonly dispatcher: Agent;

  constructor(
    private readonly config: ServerConfig,
    private readonly keystone: KeystoneTokenValidator,
  ) {
    this.dispatcher = new Agent({
      connect: config.neutronCaFile ? { ca: readFileSync(config.neutronCaFile) } : {},
      headersTimeout: config.neutronTimeout * 1000,
      bodyTimeout: config.neutronTimeout * 1000,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.dispatcher.close();
  }

  get<T>(path: string, query: Record<string, string | string[]> = {}): Promise<T> {
    return this.call<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }

  /** A DELETE of something already gone (404) is done. */
  async delete(path: string): Promise<void> {
    try {
      await this.call('DELETE', path);
    } catch (error) {
      if (!(error instanceof NeutronRequestError && error.status === 404)) throw error;
    }
  }

  private async call<T>(method: Method, path: string, body?: unknown, mayRetry = true): Promise<T> {
    const { base, identity } = await this.endpoint();
    const url = `${base}/v2.0${path}`;
    let status: number;
    let text: string;
    try {
      const response = await request(url, {
        method,
        dispatcher: this.dispatcher,
        headers: {
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...identity,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.neutronTimeout * 1000),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw new NeutronUnavailableError(`Neutron at ${base} did not answer: ${(error as Error).message}`);
    }
    if (status === 401 && identity['X-Auth-Token'] && mayRetry) {
      // Our token was revoked before its expiry: log in again, once.
      this.keystone.forgetServiceToken();
      return this.call<T>(method, path, body, false);
    }
    if (status < 400) return (text ? JSON.parse(text) : undefined) as T;
    const { type, message } = neutronError(text, status);
    if (status >= 500 || status === 401 || status === 403)
      throw new NeutronUnavailableError(`Neutron answered ${status} to ${method} ${path}: ${message}`);
    throw new NeutronRequestError(status, type, message);
  }

  /** Where Neutron is, and who we are to it: a token, or a noauth Neutron's identity headers (an admin). */
  private async endpoint(): Promise<{ base: string; identity: Record<string, string> }> {
    const override = this.config.neutronEndpointOverride.replace(/\/+$/, '');
    if (this.config.authStrategy !== 'keystone')
      return {
        base: override,
        identity: {
          'X-User-Id': 'lbaas-server',
          'X-Project-Id': this.config.noauthDefaultProjectId,
          'X-Roles': 'admin',
        },
      };
    let session: Awaited<ReturnType<KeystoneTokenValidator['serviceSession']>>;
    try {
      session = await this.keystone.serviceSession();
    } catch (error) {
      throw new NeutronUnavailableError(`no token for Neutron: ${(error as Error).message}`);
    }
    const base =
      override ||
      catalogEndpoint(
        session.catalog,
        'network',
        this.config.neutronValidInterfaces.split(','),
        this.config.neutronRegionName,
      );
    if (!base)
      throw new NeutronUnavailableError(
        `Keystone's catalog has no network endpoint (interfaces ${this.config.neutronValidInterfaces}${this.config.neutronRegionName ? `, region ${this.config.neutronRegionName}` : ''}); set [neutron] endpoint_override`,
      );
    return { base: base.replace(/\/v2\.0$/, ''), identity: { 'X-Auth-Token': session.value } };
  }
}

/** `?a=1&b=x&b=y`: repeated keys are how Neutron filters by several values. */
function withQuery(path: string, query: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, one);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Neutron's error body `{"NeutronError": {"type", "message"}}`, or what else it sent. */
export function neutronError(text: string, status: number): { type: string; message: string } {
  try {
    const body = JSON.parse(text) as { NeutronError?: { type?: string; message?: string } };
    if (body.NeutronError?.message)
      return { type: body.NeutronError.type ?? 'NeutronError', message: body.NeutronError.message };
  } catch {
    // not JSON: a proxy's page, say
  }
  return { type: `HTTP${status}`, message: text.trim().slice(0, 200) || `status ${status}` };
}
