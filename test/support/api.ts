export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** fetch's error when the server closed the pooled connection before any answer (undici's "other side closed"). */
function isClosedIdleConnection(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code === 'UND_ERR_SOCKET' && cause.message === 'other side closed';
}

/** A JSON client for the REST API, as curl or the OpenStack clients use it. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** The same server, seen by another project (noauth headers). */
  as(projectId: string, roles = 'member'): ApiClient {
    return new ApiClient(this.baseUrl, { 'X-Project-Id': projectId, 'X-Roles': roles });
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const send = () =>
      fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...this.headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    let response: Response;
    try {
      response = await send();
    } catch (error) {
      // The server closed an idle keep-alive connection just as this request went out on it: the request
      // never reached the server, so it is sent again, once, on a new connection.
      if (!isClosedIdleConnection(error)) throw error;
      response = await send();
    }
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  get<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  put<T = unknown>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', path, body);
  }

  delete<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path);
  }
}
