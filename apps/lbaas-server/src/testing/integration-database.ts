import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source';

/** The role `npm run setup` creates; it may create databases. */
const ADMIN_URL =
  process.env.LBAAS_TEST_DATABASE_ADMIN_URL ?? 'postgresql://lbaas:lbaas@127.0.0.1:5432/lbaas';

async function asAdmin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface IntegrationDatabase {
  url: string;
  /** Closes every connection and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database for one integration spec, migrated in-process with the server's own
 * migrations: services run against the real schema (constraints, locks), in seconds.
 */
export async function createIntegrationDatabase(spec: string): Promise<IntegrationDatabase> {
  const name = `lbaas_int_${spec}_${process.pid}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const migrator = new DataSource(dataSourceOptions(url.toString()));
  await migrator.initialize();
  try {
    await migrator.runMigrations({ transaction: 'each' });
  } finally {
    await migrator.destroy();
  }
  return { url: url.toString(), drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

let nextSegment = 0;

/** A network, subnet and VIP port for load balancers of `projectId` (raw rows: no networking rules). */
export async function insertVipPort(
  dataSource: DataSource,
  projectId: string,
): Promise<{ networkId: string; subnetId: string; portId: string }> {
  const [networkId, subnetId, portId] = [randomUUID(), randomUUID(), randomUUID()];
  const segment = (nextSegment += 1);
  await dataSource.query('INSERT INTO networks (id, project_id, segmentation_id) VALUES ($1, $2, $3)', [
    networkId,
    projectId,
    segment,
  ]);
  await dataSource.query(
    `INSERT INTO subnets (id, project_id, network_id, ip_version, cidr, allocation_pools)
     VALUES ($1, $2, $3, 4, '198.51.100.0/24', '[]')`,
    [subnetId, projectId, networkId],
  );
  const mac = `fa:16:3e:00:${Math.floor(segment / 256)
    .toString(16)
    .padStart(2, '0')}:${(segment % 256).toString(16).padStart(2, '0')}`;
  await dataSource.query(
    'INSERT INTO ports (id, project_id, network_id, mac_address) VALUES ($1, $2, $3, $4)',
    [portId, projectId, networkId, mac],
  );
  return { networkId, subnetId, portId };
}
