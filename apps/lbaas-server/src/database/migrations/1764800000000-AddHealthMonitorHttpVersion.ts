import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Octavia 2.10: the HTTP version of a monitor's checks and the Host header they send. */
export class AddHealthMonitorHttpVersion1764800000000 implements MigrationInterface {
  name = 'AddHealthMonitorHttpVersion1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE health_monitors
        ADD COLUMN http_version varchar(8),
        ADD COLUMN domain_name varchar(255)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE health_monitors DROP COLUMN domain_name, DROP COLUMN http_version');
  }
}
