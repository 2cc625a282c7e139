import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Objects created in one transaction (a single-call create's listeners, pools and members) got the same
 * `created_at` (`now()` is the transaction's start), so "oldest first" could not tell them apart and they
 * came back in an order of the database's choosing. `clock_timestamp()` gives each row its own time: they
 * list in the order they were created, as the request gave them.
 */
const TABLES = [
  'load_balancers',
  'listeners',
  'pools',
  'members',
  'health_monitors',
  'l7_policies',
  'l7_rules',
];

export class CreationOrder1764800010000 implements MigrationInterface {
  name = 'CreationOrder1764800010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES)
      await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN created_at SET DEFAULT clock_timestamp()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES)
      await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN created_at SET DEFAULT now()`);
  }
}
