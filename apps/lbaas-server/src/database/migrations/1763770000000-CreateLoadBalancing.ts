import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns shared by every load balancer object (see ProvisionedResource). */
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

export class CreateLoadBalancing1763770000000 implements MigrationInterface {
  name = 'CreateLoadBalancing1763770000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE load_balancers (${COMMON},
        vip_subnet_id uuid NOT NULL REFERENCES subnets(id) ON DELETE RESTRICT,
        vip_network_id uuid NOT NULL REFERENCES networks(id) ON DELETE RESTRICT,
        vip_address varchar(64) NOT NULL,
        vip_port_id uuid NOT NULL REFERENCES ports(id) ON DELETE RESTRICT,
        provider varchar(64) NOT NULL,
        flavor_id uuid
      )`);
    await queryRunner.query(`
      CREATE TABLE pools (${COMMON},
        loadbalancer_id uuid NOT NULL REFERENCES load_balancers(id) ON DELETE CASCADE,
        protocol varchar(32) NOT NULL,
        lb_algorithm varchar(32) NOT NULL,
        session_persistence jsonb
      )`);
    await queryRunner.query(`
      CREATE TABLE listeners (${COMMON},
        loadbalancer_id uuid NOT NULL REFERENCES load_balancers(id) ON DELETE CASCADE,
        protocol varchar(32) NOT NULL,
        protocol_port integer NOT NULL CHECK (protocol_port BETWEEN 1 AND 65535),
        connection_limit integer NOT NULL DEFAULT -1 CHECK (connection_limit >= -1),
        default_pool_id uuid REFERENCES pools(id) ON DELETE SET NULL,
        default_tls_container_ref varchar(255),
        sni_container_refs jsonb NOT NULL DEFAULT '[]',
        insert_headers jsonb NOT NULL DEFAULT '{}',
        timeout_client_data integer NOT NULL DEFAULT 50000,
        timeout_member_connect integer NOT NULL DEFAULT 5000,
        timeout_member_data integer NOT NULL DEFAULT 50000,
        timeout_tcp_inspect integer NOT NULL DEFAULT 0,
        allowed_cidrs jsonb NOT NULL DEFAULT '[]',
        CONSTRAINT uniq_listeners0loadbalancer_id0protocol_port UNIQUE (loadbalancer_id, protocol_port)
      )`);
    await queryRunner.query(`
      CREATE TABLE members (${COMMON},
        pool_id uuid NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        address varchar(64) NOT NULL,
        protocol_port integer NOT NULL CHECK (protocol_port BETWEEN 1 AND 65535),
        weight integer NOT NULL DEFAULT 1 CHECK (weight BETWEEN 0 AND 256),
        subnet_id uuid REFERENCES subnets(id) ON DELETE RESTRICT,
        backup boolean NOT NULL DEFAULT false,
        monitor_address varchar(64),
        monitor_port integer,
        CONSTRAINT uniq_members0pool_id0address0protocol_port UNIQUE (pool_id, address, protocol_port)
      )`);
    await queryRunner.query(`
      CREATE TABLE health_monitors (${COMMON},
        pool_id uuid NOT NULL UNIQUE REFERENCES pools(id) ON DELETE CASCADE,
        type varchar(16) NOT NULL,
        delay integer NOT NULL,
        timeout integer NOT NULL,
        max_retries integer NOT NULL,
        max_retries_down integer NOT NULL DEFAULT 3,
        http_method varchar(16),
        url_path varchar(255),
        expected_codes varchar(64)
      )`);
    await queryRunner.query(`
      CREATE TABLE quotas (
        project_id varchar(64) PRIMARY KEY,
        loadbalancer integer CHECK (loadbalancer >= -1),
        listener integer CHECK (listener >= -1),
        pool integer CHECK (pool >= -1),
        member integer CHECK (member >= -1),
        healthmonitor integer CHECK (healthmonitor >= -1)
      )`);
    for (const [table, column] of [
      ['listeners', 'loadbalancer_id'],
      ['pools', 'loadbalancer_id'],
      ['members', 'pool_id'],
      ['load_balancers', 'project_id'],
    ]) {
      await queryRunner.query(`CREATE INDEX ix_${table}_${column} ON ${table} (${column})`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['quotas', 'health_monitors', 'members', 'listeners', 'pools', 'load_balancers']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
