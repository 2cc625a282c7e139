import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Octavia 2.19: per-project limits of L7 policies and rules (null: the configured default). */
export class AddL7Quotas1764800005000 implements MigrationInterface {
  name = 'AddL7Quotas1764800005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE quotas ADD COLUMN l7policy integer NULL, ADD COLUMN l7rule integer NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE quotas DROP COLUMN l7policy, DROP COLUMN l7rule`);
  }
}
