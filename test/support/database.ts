import { Client } from 'pg';
import { runManage } from './processes';
import { waitFor } from './wait';

/** The role created by `npm run setup`; it may create databases. */
const ADMIN_URL =
  process.env.LBAAS_TEST_DATABASE_ADMIN_URL ?? 'postgresql://lbaas:lbaas@127.0.0.1:5432/lbaas';

async function withClient<T>(action: (client: Client) => Promise<T>, url = ADMIN_URL): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one test file, migrated with the real `migrate` command (or left empty, for
 * another program's schema). Returns its URL.
 */
export async function createTestDatabase(name: string, migrate = true): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad test database name ${name}`);
  await dropTestDatabase(name);
  await withClient((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  if (migrate) runDatabaseCommand(url.toString(), 'migrate');
  return url.toString();
}

/** Runs a real `lbaas-server` database command (`migrate`, `downgrade`) on a database; returns what it printed. */
export function runDatabaseCommand(url: string, command: 'migrate' | 'downgrade', ...args: string[]): string {
  return runManage({ LBAAS_DATABASE_CONNECTION: url }, command, ...args);
}

/**
 * Drops a test database and whoever is still connected. An autovacuum worker on it cannot be terminated
 * by a role without pg_signal_backend: it ends by itself within moments, so try again.
 */
export async function dropTestDatabase(name: string): Promise<void> {
  await waitFor(
    `database ${name} dropped`,
    async () => {
      await withClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      return true;
    },
    10_000,
    1000,
  );
}

/** Rows of one query on a test database, for checking what is stored (never for setting state up). */
export async function queryTestDatabase<T>(url: string, sql: string): Promise<T[]> {
  return withClient(async (client) => (await client.query(sql)).rows as T[], url);
}
