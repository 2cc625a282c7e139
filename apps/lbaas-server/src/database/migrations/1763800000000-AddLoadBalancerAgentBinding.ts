import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which agent hosts each load balancer (neutron's lbaas_loadbalanceragentbindings, as a column). */
export class AddLoadBalancerAgentBinding1763800000000 implements MigrationInterface {
  name = 'AddLoadBalancerAgentBinding1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE load_balancers ADD COLUMN agent_id uuid REFERENCES agents(id) ON DELETE SET NULL',
    );
    await queryRunner.query('CREATE INDEX ix_load_balancers_agent_id ON load_balancers (agent_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE load_balancers DROP COLUMN agent_id');
  }
}
