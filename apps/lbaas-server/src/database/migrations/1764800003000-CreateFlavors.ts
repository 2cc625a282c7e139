import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Octavia 2.6: flavor profiles (provider + settings) and flavors; a load balancer's flavor stays while used. */
export class CreateFlavors1764800003000 implements MigrationInterface {
  name = 'CreateFlavors1764800003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE flavor_profiles (
        id uuid PRIMARY KEY,
        name varchar(255) NOT NULL DEFAULT '',
        provider_name varchar(64) NOT NULL,
        flavor_data text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE flavors (
        id uuid PRIMARY KEY,
        name varchar(255) NOT NULL DEFAULT '',
        description varchar(255) NOT NULL DEFAULT '',
        enabled boolean NOT NULL DEFAULT true,
        flavor_profile_id uuid NOT NULL REFERENCES flavor_profiles(id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      ALTER TABLE load_balancers
        ADD CONSTRAINT fk_load_balancers_flavor FOREIGN KEY (flavor_id) REFERENCES flavors(id) ON DELETE RESTRICT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE load_balancers DROP CONSTRAINT fk_load_balancers_flavor`);
    await queryRunner.query(`DROP TABLE flavors`);
    await queryRunner.query(`DROP TABLE flavor_profiles`);
  }
}
