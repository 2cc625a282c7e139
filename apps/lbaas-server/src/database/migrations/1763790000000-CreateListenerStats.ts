import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateListenerStats1763790000000 implements MigrationInterface {
  name = 'CreateListenerStats1763790000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE listener_stats (
        listener_id uuid PRIMARY KEY REFERENCES listeners(id) ON DELETE CASCADE,
        loadbalancer_id uuid NOT NULL REFERENCES load_balancers(id) ON DELETE CASCADE,
        bytes_in bigint NOT NULL DEFAULT 0 CHECK (bytes_in >= 0),
        bytes_out bigint NOT NULL DEFAULT 0 CHECK (bytes_out >= 0),
        active_connections bigint NOT NULL DEFAULT 0 CHECK (active_connections >= 0),
        total_connections bigint NOT NULL DEFAULT 0 CHECK (total_connections >= 0),
        request_errors bigint NOT NULL DEFAULT 0 CHECK (request_errors >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE INDEX ix_listener_stats_loadbalancer_id ON listener_stats (loadbalancer_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE listener_stats');
  }
}
