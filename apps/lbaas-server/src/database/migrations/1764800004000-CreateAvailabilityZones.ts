import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Octavia 2.14: availability zone profiles and zones, a load balancer's zone (kept while used), and the
 * zone each agent reports.
 */
export class CreateAvailabilityZones1764800004000 implements MigrationInterface {
  name = 'CreateAvailabilityZones1764800004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE availability_zone_profiles (
        id uuid PRIMARY KEY,
        name varchar(255) NOT NULL DEFAULT '',
        provider_name varchar(64) NOT NULL,
        availability_zone_data text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE availability_zones (
        name varchar(255) PRIMARY KEY,
        description varchar(255) NOT NULL DEFAULT '',
        enabled boolean NOT NULL DEFAULT true,
        availability_zone_profile_id uuid NOT NULL
          REFERENCES availability_zone_profiles(id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      ALTER TABLE load_balancers
        ADD COLUMN availability_zone varchar(255) NULL
          CONSTRAINT fk_load_balancers_availability_zone REFERENCES availability_zones(name) ON DELETE RESTRICT`);
    await queryRunner.query(`ALTER TABLE agents ADD COLUMN availability_zone varchar(255) NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE agents DROP COLUMN availability_zone`);
    await queryRunner.query(`ALTER TABLE load_balancers DROP COLUMN availability_zone`);
    await queryRunner.query(`DROP TABLE availability_zones`);
    await queryRunner.query(`DROP TABLE availability_zone_profiles`);
  }
}
