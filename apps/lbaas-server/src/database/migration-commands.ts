import { DataSource } from 'typeorm';
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

/** `downgrade`: reverts the newest applied migration (one step), before going back to the release before it. */
export async function downgrade(databaseUrl: string): Promise<void> {
  await withMigrationLock(databaseUrl, async (dataSource) => {
    const [newest] = await dataSource.query<{ name: string }[]>(
      'SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1',
    );
    if (!newest) {
      console.log('no migration to revert');
      return;
    }
    await dataSource.undoLastMigration({ transaction: 'each' });
    console.log(`reverted migration ${newest.name}`);
  });
}
