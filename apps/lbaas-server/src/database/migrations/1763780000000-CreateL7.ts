import type { MigrationInterface, QueryRunner } from 'typeorm';

const COMMON = `
  id uuid PRIMARY KEY,
  project_id varchar(64) NOT NULL,
  name varchar(255) NOT NULL DEFAULT '',
  description varchar(255) NOT NULL DEFAULT '',
  admin_state_up boolean NOT NULL DEFAULT true,
  provisioning_status varchar(16) NOT NULL,
  operating_status varchar(16) NOT NULL,
  tags jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()`;

export class CreateL71763780000000 implements MigrationInterface {
  name = 'CreateL71763780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE l7_policies (${COMMON},
        listener_id uuid NOT NULL REFERENCES listeners(id) ON DELETE CASCADE,
        action varchar(32) NOT NULL,
        redirect_pool_id uuid REFERENCES pools(id) ON DELETE RESTRICT,
        redirect_url varchar(2048),
        redirect_prefix varchar(2048),
        redirect_http_code integer,
        position integer NOT NULL CHECK (position >= 1)
      )`);
    await queryRunner.query(`
      CREATE TABLE l7_rules (${COMMON},
        l7policy_id uuid NOT NULL REFERENCES l7_policies(id) ON DELETE CASCADE,
        type varchar(16) NOT NULL,
        compare_type varchar(16) NOT NULL,
        key varchar(255),
        value varchar(255) NOT NULL,
        invert boolean NOT NULL DEFAULT false
      )`);
    await queryRunner.query('CREATE INDEX ix_l7_policies_listener_id ON l7_policies (listener_id)');
    await queryRunner.query('CREATE INDEX ix_l7_rules_l7policy_id ON l7_rules (l7policy_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE l7_rules');
    await queryRunner.query('DROP TABLE l7_policies');
  }
}
