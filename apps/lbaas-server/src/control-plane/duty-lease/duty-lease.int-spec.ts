/**
 * Two replicas' leases on one real PostgreSQL: exactly one runs the periodic duties, and the other takes
 * them over when the holder stops or its connection dies (as when its process is killed).
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../database/data-source';
import { createIntegrationDatabase, type IntegrationDatabase } from '../../testing/integration-database';
import { DutyLease } from './duty-lease.service';

let database: IntegrationDatabase;
const sources: DataSource[] = [];

async function replica(): Promise<DutyLease> {
  const source = new DataSource(dataSourceOptions(database.url));
  await source.initialize();
  sources.push(source);
  return new DutyLease(source);
}

/** Polls `lease` until it holds (or not) as expected; fails after 10 s. */
async function pollUntil(lease: DutyLease, holds: boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    await lease.poll();
    if (lease.holds === holds) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the lease did not become ${holds ? 'held' : 'free'} within 10 s`);
}

beforeAll(async () => {
  database = await createIntegrationDatabase('duty_lease');
});

afterAll(async () => {
  for (const source of sources) await source.destroy().catch(() => undefined);
  await database.drop();
});

describe('DutyLease', () => {
  it('lets exactly one replica hold the duties, and hands them over on a stop and on a dead connection', async () => {
    const [a, b, c] = [await replica(), await replica(), await replica()];
    for (const lease of [a, b, c]) await lease.poll();
    expect([a.holds, b.holds, c.holds]).toEqual([true, false, false]);
    await a.poll();
    await b.poll();
    expect([a.holds, b.holds]).toEqual([true, false]);

    await a.onModuleDestroy();
    await c.poll();
    await b.poll();
    expect([a.holds, b.holds, c.holds]).toEqual([false, false, true]);

    // The holder's connection is cut (its process died): the server frees the lock with it.
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`,
      );
    } finally {
      await admin.end();
    }
    // The server ends the backend shortly after the signal: poll until each replica has seen it.
    await pollUntil(c, false);
    await pollUntil(b, true);
    expect(c.holds).toBe(false);
    for (const lease of [b, c]) await lease.onModuleDestroy();
  });
});
