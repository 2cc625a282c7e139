/** A minimal JSON client for the REST API, as curl would use it. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async get(path: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }
}
