import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAgents1763750000000 implements MigrationInterface {
  name = 'CreateAgents1763750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE agents (
        id uuid PRIMARY KEY,
        agent_type varchar(255) NOT NULL,
        "binary" varchar(255) NOT NULL,
        topic varchar(255) NOT NULL,
        host varchar(255) NOT NULL,
        admin_state_up boolean NOT NULL DEFAULT true,
        description varchar(255),
        configurations jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz NOT NULL,
        heartbeat_timestamp timestamptz NOT NULL,
        CONSTRAINT uniq_agents0agent_type0host UNIQUE (agent_type, host)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE agents');
  }
}
