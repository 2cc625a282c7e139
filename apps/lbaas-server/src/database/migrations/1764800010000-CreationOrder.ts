import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Objects created in one transaction (a single-call create's listeners, pools and members) got the same
 * `created_at` (`now()` is the transaction's start), so the id lists of a view (a pool's members, a load
 * balancer's listeners) came back in an order of the database's choosing. `clock_timestamp()` gives each
 * row its own time, and those lists follow the order of creation, as the request gave it. `updated_at`
 * starts from the same clock, so that it is never earlier than `created_at`. (Lists themselves compare
 * `created_at` at the second the API shows, then the id, as before.)
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
      await queryRunner.query(
        `ALTER TABLE ${table} ALTER COLUMN created_at SET DEFAULT clock_timestamp(), ALTER COLUMN updated_at SET DEFAULT clock_timestamp()`,
      );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES)
      await queryRunner.query(
        `ALTER TABLE ${table} ALTER COLUMN created_at SET DEFAULT now(), ALTER COLUMN updated_at SET DEFAULT now()`,
      );
  }
}
