import { DataSource } from 'typeorm';
import { UsageError } from '../manage/usage-error';
import { dataSourceOptions } from './data-source';

/** Any constant works; it only has to be the same for every server replica running migrations. */
const MIGRATION_LOCK_ID = 4_732_110;

/** Runs `step` under the migration lock: several servers may start an upgrade at once, one works at a time. */
async function withMigrationLock(
  databaseUrl: string,
  step: (dataSource: DataSource) => Promise<void>,
): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await step(dataSource);
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}

/** `migrate`: applies every pending migration, each in its own transaction. */
export async function migrate(databaseUrl: string): Promise<void> {
  await withMigrationLock(databaseUrl, async (dataSource) => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) console.log(`applied migration ${migration.name}`);
    console.log(
      applied.length === 0 ? 'database schema is up to date' : `${applied.length} migration(s) applied`,
    );
  });
}

/**
 * `downgrade <migration>`: reverts the newest applied migration, which must be the one named (a typo or a
 * second run then reverts nothing by mistake: reverting a migration can drop a table and its rows).
 */
export async function downgrade(databaseUrl: string, name: string | undefined): Promise<void> {
  await withMigrationLock(databaseUrl, async (dataSource) => {
    // TypeORM reverts the last migration it ran, by id.
    const [newest] = await dataSource.query<{ name: string }[]>(
      'SELECT name FROM migrations ORDER BY id DESC LIMIT 1',
    );
    if (!newest) throw new UsageError('no migration to revert');
    if (name !== newest.name) {
      throw new UsageError(
        `the newest migration is ${newest.name}; name it to revert it: downgrade ${newest.name}`,
      );
    }
    await dataSource.undoLastMigration({ transaction: 'each' });
    console.log(`reverted migration ${newest.name}`);
  });
}
