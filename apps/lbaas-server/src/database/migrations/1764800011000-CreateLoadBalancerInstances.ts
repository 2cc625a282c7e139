import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ACTIVE_STANDBY (issue 19): a load balancer's topology, and its two instances (Octavia's amphorae), each
 * with its agent, its own port on the VIP subnet (vrrp port) and whether it still has a change to apply.
 * A SINGLE load balancer has no rows here: its agent is load_balancers.agent_id, as before.
 */
export class CreateLoadBalancerInstances1764800011000 implements MigrationInterface {
  name = 'CreateLoadBalancerInstances1764800011000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE load_balancers ADD COLUMN topology varchar(16) NOT NULL DEFAULT 'SINGLE'`,
    );
    await queryRunner.query(`
      CREATE TABLE load_balancer_instances (
        id uuid PRIMARY KEY,
        loadbalancer_id uuid NOT NULL REFERENCES load_balancers(id) ON DELETE CASCADE,
        role varchar(16) NOT NULL,
        priority integer NOT NULL,
        agent_id uuid REFERENCES agents(id) ON DELETE SET NULL,
        vrrp_port_id uuid NOT NULL REFERENCES ports(id),
        vrrp_address varchar(64) NOT NULL,
        deploy_pending boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (loadbalancer_id, role)
      )`);
    await queryRunner.query(
      'CREATE INDEX ix_load_balancer_instances_agent_id ON load_balancer_instances (agent_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE load_balancer_instances');
    await queryRunner.query('ALTER TABLE load_balancers DROP COLUMN topology');
  }
}
