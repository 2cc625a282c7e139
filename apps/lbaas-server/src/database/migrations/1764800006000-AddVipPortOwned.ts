import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Octavia's vip_port_id: a load balancer on a tenant's port gives it back instead of deleting it. */
export class AddVipPortOwned1764800006000 implements MigrationInterface {
  name = 'AddVipPortOwned1764800006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE load_balancers ADD COLUMN vip_port_owned boolean NOT NULL DEFAULT true`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE load_balancers DROP COLUMN vip_port_owned`);
  }
}
