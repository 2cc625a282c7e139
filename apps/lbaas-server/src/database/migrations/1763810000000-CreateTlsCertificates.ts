import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTlsCertificates1763810000000 implements MigrationInterface {
  name = 'CreateTlsCertificates1763810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tls_secrets (
        id uuid PRIMARY KEY,
        project_id varchar(64) NOT NULL,
        name varchar(255) NOT NULL DEFAULT '',
        payload text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE tls_containers (
        id uuid PRIMARY KEY,
        project_id varchar(64) NOT NULL,
        name varchar(255) NOT NULL DEFAULT '',
        certificate_id uuid NOT NULL REFERENCES tls_secrets(id) ON DELETE RESTRICT,
        private_key_id uuid NOT NULL REFERENCES tls_secrets(id) ON DELETE RESTRICT,
        intermediates_id uuid REFERENCES tls_secrets(id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE tls_containers');
    await queryRunner.query('DROP TABLE tls_secrets');
  }
}
