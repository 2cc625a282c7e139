import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * network_driver = neutron (issue 24): the networks, subnets and ports a load balancer uses may be copies
 * of Neutron's, whose ports Neutron's OVS agent tags: such a network has no segmentation id of ours.
 */
export class NeutronNetworks1764800012000 implements MigrationInterface {
  name = 'NeutronNetworks1764800012000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE networks ALTER COLUMN segmentation_id DROP NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE networks ALTER COLUMN segmentation_id SET NOT NULL');
  }
}
