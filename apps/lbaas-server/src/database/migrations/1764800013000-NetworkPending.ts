import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * network_driver = neutron: whether a load balancer's pending change still waits for its port to be
 * bound and opened in Neutron; until then an agent's report does not settle it (it could have fetched
 * the graph on its own, before the server prepared the port). New load balancers start waiting.
 */
export class NetworkPending1764800013000 implements MigrationInterface {
  name = 'NetworkPending1764800013000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE load_balancers ADD COLUMN network_pending boolean NOT NULL DEFAULT true',
    );
    await queryRunner.query('UPDATE load_balancers SET network_pending = false');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE load_balancers DROP COLUMN network_pending');
  }
}
