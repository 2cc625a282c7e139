import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Octavia 2.20 and 2.27: the ALPN protocols a TERMINATED_HTTPS listener offers, and its HSTS header. */
export class AddListenerAlpnAndHsts1764800001000 implements MigrationInterface {
  name = 'AddListenerAlpnAndHsts1764800001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE listeners
        ADD COLUMN alpn_protocols jsonb,
        ADD COLUMN hsts_max_age integer CHECK (hsts_max_age >= 0),
        ADD COLUMN hsts_include_subdomains boolean NOT NULL DEFAULT false,
        ADD COLUMN hsts_preload boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE listeners
        DROP COLUMN hsts_preload,
        DROP COLUMN hsts_include_subdomains,
        DROP COLUMN hsts_max_age,
        DROP COLUMN alpn_protocols`);
  }
}
