import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * UDP listeners (contract 1.8): a load balancer's listener ports are unique per transport, so that a UDP
 * listener and a TCP-borne one may share a port (Octavia: DNS on 53).
 */
export class ListenerPortPerTransport1764800007000 implements MigrationInterface {
  name = 'ListenerPortPerTransport1764800007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE listeners DROP CONSTRAINT uniq_listeners0loadbalancer_id0protocol_port`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX uniq_listeners0loadbalancer_id0protocol_port0udp
         ON listeners (loadbalancer_id, protocol_port, (protocol = 'UDP'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The schema before knows no UDP: a port shared by two transports cannot go back.
    const shared = (await queryRunner.query(
      `SELECT loadbalancer_id, protocol_port FROM listeners
         GROUP BY loadbalancer_id, protocol_port HAVING count(*) > 1 LIMIT 1`,
    )) as { loadbalancer_id: string; protocol_port: number }[];
    if (shared.length > 0) {
      throw new Error(
        `load balancer ${shared[0].loadbalancer_id} has a UDP and a TCP listener on port ${shared[0].protocol_port}: delete one first`,
      );
    }
    await queryRunner.query(`DROP INDEX uniq_listeners0loadbalancer_id0protocol_port0udp`);
    await queryRunner.query(
      `ALTER TABLE listeners ADD CONSTRAINT uniq_listeners0loadbalancer_id0protocol_port UNIQUE (loadbalancer_id, protocol_port)`,
    );
  }
}
