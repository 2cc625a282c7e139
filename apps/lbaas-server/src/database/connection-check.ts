import { Client } from 'pg';

/**
 * What keeps the server from the database now (unreachable, refused login, a certificate its CA did not
 * sign…), or undefined. Checked once before the app starts: its own retries are silent until they give
 * up, and an operator who got the URL or the CA wrong should read why at once.
 */
export async function databaseProblem(url: string, timeoutMs = 5000): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}
