import type { DashboardSession, DashboardSettings } from '@lbaas/contracts/dashboard';
import { authHeaders, type Session } from '../logic/session';

/** An answer of the API other than 2xx, with its message (`faultstring`: names the field and the rule). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The longest the dashboard waits for one answer before it says so. */
const REQUEST_TIMEOUT_MS = 20_000;

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { faultstring?: string; error?: { message?: string } };
    return body.faultstring ?? body.error?.message ?? `${response.status} ${response.statusText}`;
  } catch {
    return text.trim() || `${response.status} ${response.statusText}`;
  }
}

/** A client of the same REST API the CLI uses, as the session's caller: the API's rules apply as they are. */
export class Api {
  constructor(
    private readonly session: Session,
    private readonly onUnauthorized: () => void,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          Accept: 'application/json',
          ...authHeaders(this.session),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ApiError(0, `The server did not answer: ${(error as Error).message}`);
    }
    if (response.status === 401) this.onUnauthorized();
    if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }
}

/** The two calls made before there is a session. */
export async function uiSettings(): Promise<{
  auth_strategy: 'noauth' | 'keystone';
  default_project_id?: string;
}> {
  const response = await fetch('/ui/api/settings', { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
  return (await response.json()) as DashboardSettings;
}

export interface KeystoneLogin {
  username: string;
  password: string;
  project_name: string;
  user_domain_name?: string;
  project_domain_name?: string;
}

export async function keystoneLogin(credentials: KeystoneLogin): Promise<Session> {
  const response = await fetch('/ui/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ auth: credentials }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
  const { session } = (await response.json()) as { session: DashboardSession };
  return {
    kind: 'keystone',
    token: session.token,
    expiresAt: session.expires_at,
    userName: session.user_name,
    projectId: session.project_id,
    projectName: session.project_name,
    roles: session.roles,
  };
}
