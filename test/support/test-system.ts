import { ApiClient } from './api';
import { createTestDatabase, dropTestDatabase } from './database';
import { freePort, startApp, type StartedProcess, stopAllStarted } from './processes';
import { BROKER_TLS_ENV, createTestVhost, deleteTestVhost } from './services';
import { waitFor } from './wait';

/** One test file's own lbaas-server: its own database, RabbitMQ vhost and port. */
export interface TestSystem {
  api: ApiClient;
  /** Name of its database and RabbitMQ vhost. */
  resourceName: string;
  port: number;
  databaseUrl: string;
  transportUrl: string;
  server: StartedProcess;
  /** Environment that points another server or agent at the same database and broker. */
  env: Record<string, string>;
  /** Stops every process the file started and removes the database and vhost. */
  teardown(): Promise<void>;
}

export async function startTestSystem(
  name: string,
  serverEnv: Record<string, string> = {},
): Promise<TestSystem> {
  const resourceName = `lbaas_e2e_${name}_${process.pid}`;
  const databaseUrl = await createTestDatabase(resourceName);
  const transportUrl = createTestVhost(resourceName);
  const port = await freePort();
  const env = {
    LBAAS_DATABASE_CONNECTION: databaseUrl,
    LBAAS_TRANSPORT_URL: transportUrl,
    ...BROKER_TLS_ENV,
  };
  const server = startApp('lbaas-server', { ...env, LBAAS_BIND_PORT: String(port), ...serverEnv });
  const api = new ApiClient(`http://127.0.0.1:${port}`);
  await waitFor('the server to answer /healthz with 200', async () =>
    (await api.get('/healthz')).status === 200 ? true : undefined,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\nserver output:\n${server.output()}`);
  });
  return {
    api,
    resourceName,
    port,
    databaseUrl,
    transportUrl,
    server,
    env,
    teardown: async () => {
      await stopAllStarted();
      await dropTestDatabase(resourceName);
      deleteTestVhost(resourceName);
    },
  };
}
