import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ComputeStandIn {
  url: string;
  /** `METHOD path?query` of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * The two calls of the compute API (nova) that Horizon's load-balancer wizard makes to offer instances
 * as members: the version document and `GET /servers/detail`, answered with no servers (the test's
 * members are external: addresses typed in). A real cloud has nova; this test machine has none.
 * Anything else is a 404, never a 401 (which would log the user out of Horizon).
 */
export async function startComputeStandIn(): Promise<ComputeStandIn> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname.replace(/\/+$/, '');
    requests.push(`${request.method} ${request.url}`);
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && path.endsWith('/servers/detail')) return reply(200, { servers: [] });
    if (request.method === 'GET' && /^\/v2\.1$/.test(path)) {
      const { port } = server.address() as AddressInfo;
      return reply(200, {
        version: {
          id: 'v2.1',
          status: 'CURRENT',
          version: '2.1',
          min_version: '2.1',
          updated: '2013-07-23T11:33:21Z',
          links: [{ rel: 'self', href: `http://127.0.0.1:${port}/v2.1/` }],
        },
      });
    }
    return reply(404, { itemNotFound: { code: 404, message: 'Not served by the compute stand-in' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v2.1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
