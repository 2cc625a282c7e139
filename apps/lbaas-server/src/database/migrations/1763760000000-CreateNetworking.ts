import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNetworking1763760000000 implements MigrationInterface {
  name = 'CreateNetworking1763760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE networks (
        id uuid PRIMARY KEY,
        project_id varchar(64) NOT NULL,
        name varchar(255) NOT NULL DEFAULT '',
        description varchar(255) NOT NULL DEFAULT '',
        admin_state_up boolean NOT NULL DEFAULT true,
        segmentation_id integer NOT NULL UNIQUE CHECK (segmentation_id BETWEEN 1 AND 4094),
        mtu integer NOT NULL DEFAULT 1500,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE subnets (
        id uuid PRIMARY KEY,
        project_id varchar(64) NOT NULL,
        name varchar(255) NOT NULL DEFAULT '',
        description varchar(255) NOT NULL DEFAULT '',
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        ip_version smallint NOT NULL CHECK (ip_version IN (4, 6)),
        cidr varchar(64) NOT NULL,
        gateway_ip varchar(64),
        allocation_pools jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE ports (
        id uuid PRIMARY KEY,
        project_id varchar(64) NOT NULL,
        name varchar(255) NOT NULL DEFAULT '',
        description varchar(255) NOT NULL DEFAULT '',
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE RESTRICT,
        mac_address varchar(17) NOT NULL UNIQUE,
        admin_state_up boolean NOT NULL DEFAULT true,
        status varchar(16) NOT NULL DEFAULT 'DOWN',
        device_owner varchar(255) NOT NULL DEFAULT '',
        device_id varchar(255) NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE ip_allocations (
        subnet_id uuid NOT NULL REFERENCES subnets(id) ON DELETE RESTRICT,
        ip_address varchar(64) NOT NULL,
        port_id uuid NOT NULL REFERENCES ports(id) ON DELETE CASCADE,
        PRIMARY KEY (subnet_id, ip_address)
      )`);
    await queryRunner.query('CREATE INDEX ix_ip_allocations_port_id ON ip_allocations (port_id)');
    await queryRunner.query('CREATE INDEX ix_subnets_network_id ON subnets (network_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ip_allocations');
    await queryRunner.query('DROP TABLE ports');
    await queryRunner.query('DROP TABLE subnets');
    await queryRunner.query('DROP TABLE networks');
  }
}
