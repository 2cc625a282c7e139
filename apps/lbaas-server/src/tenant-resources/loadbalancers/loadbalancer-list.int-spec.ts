/**
 * Load balancer lists paged in SQL answer exactly what the views answer (`listResponse` over every
 * visible view): filters, tag filters, sort orders (text in ICU order, timestamps at the second, missing
 * values first), fields, and every page walked forward and back by its links. Real, migrated PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { OperatingStatus, ProvisioningStatus } from '@lbaas/contracts';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../database/data-source';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { Caller } from '../../platform/auth/caller';
import { readListPage } from '../../platform/listing/read-list-page';
import { visibleRows } from '../../platform/rest/project-scope';
import {
  createIntegrationDatabase,
  insertVipPort,
  type IntegrationDatabase,
} from '../../testing/integration-database';
import { bothAnswers, expectSameAnswers, type ListUnderTest } from '../../testing/list-answers';
import {
  LOAD_BALANCER_ATTRIBUTES,
  LOAD_BALANCER_COLUMNS,
  loadBalancerView,
  type LoadBalancerView,
} from './loadbalancer.view';

const admin = new Caller('project-admin', ['admin']);
const tenant = new Caller('project-a', ['member']);

let database: IntegrationDatabase;
let dataSource: DataSource;

/** Names that order differently by code point and in ICU's order, repeats (ties on the id) and empties. */
const NAMES = [
  'web',
  'Web',
  'WEB',
  'äpfel',
  'Apfel',
  'zeta',
  '_under',
  '10',
  '9',
  '',
  '',
  'web',
  'b-2',
  'b_1',
];
const ZONES = [null, 'az-1', 'AZ-2', null, 'az-1'];
const TAGS = [[], ['red'], ['red', 'blue'], ['blue'], ['green', 'red']];

beforeAll(async () => {
  database = await createIntegrationDatabase('lb_list');
  dataSource = new DataSource(dataSourceOptions(database.url));
  await dataSource.initialize();
  const profile = randomUUID();
  await dataSource.query(
    `INSERT INTO availability_zone_profiles (id, provider_name, availability_zone_data) VALUES ($1, 'noop', '{}')`,
    [profile],
  );
  for (const zone of ['az-1', 'AZ-2']) {
    await dataSource.query(
      'INSERT INTO availability_zones (name, availability_zone_profile_id) VALUES ($1, $2)',
      [zone, profile],
    );
  }
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < 37; i++) {
    const projectId = i % 3 === 0 ? 'project-b' : 'project-a';
    const vip = await insertVipPort(dataSource, projectId);
    const id = randomUUID();
    await dataSource.manager.insert(LoadBalancerEntity, {
      id,
      projectId,
      name: NAMES[i % NAMES.length],
      description: i % 4 === 0 ? 'x' : '',
      adminStateUp: i % 5 !== 0,
      provisioningStatus: i % 6 === 0 ? ProvisioningStatus.PendingUpdate : ProvisioningStatus.Active,
      operatingStatus: OperatingStatus.Online,
      tags: TAGS[i % TAGS.length],
      vipSubnetId: vip.subnetId,
      vipNetworkId: vip.networkId,
      vipAddress: `198.51.100.${(i * 7) % 250}`,
      vipPortId: vip.portId,
      provider: i % 2 === 0 ? 'noop' : 'haproxy',
      flavorId: null,
      availabilityZone: ZONES[i % ZONES.length],
      agentId: null,
    });
    // Several rows within one second, at different milliseconds: the API shows seconds only.
    await dataSource.query('UPDATE load_balancers SET created_at = $2, updated_at = $3 WHERE id = $1', [
      id,
      new Date(base + Math.floor(i / 4) * 1000 + ((i * 137) % 1000)),
      new Date(base + ((i * 7919) % 37) * 500),
    ]);
  }
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

/** The load balancers `caller` sees, as views and as pages read in SQL. */
function loadBalancers(caller: Caller): ListUnderTest<LoadBalancerView> {
  return {
    collection: 'loadbalancers',
    attributes: LOAD_BALANCER_ATTRIBUTES,
    views: async () =>
      (
        await dataSource.manager.find(LoadBalancerEntity, {
          where: caller.seesAllProjects ? {} : { projectId: caller.projectId },
          order: { createdAt: 'ASC' },
        })
      ).map((lb) => loadBalancerView(lb, [], [])),
    page: async (query) => {
      const page = await readListPage(
        dataSource.manager,
        LoadBalancerEntity,
        LOAD_BALANCER_COLUMNS,
        query,
        visibleRows(caller),
      );
      return page && { rows: page.rows.map((lb) => loadBalancerView(lb, [], [])), more: page.more };
    },
  };
}

const QUERIES: Record<string, string | string[]>[] = [
  {},
  { sort: 'name' },
  { sort: 'name:desc' },
  { sort_key: 'availability_zone', sort_dir: 'desc' },
  { sort_key: 'availability_zone,name', sort_dir: 'asc,desc' },
  { sort: 'admin_state_up,name:desc' },
  { sort: 'vip_address:desc' },
  { sort: 'updated_at:desc' },
  { sort: 'created_at:desc' },
  { sort: 'id:desc' },
  { name: 'web' },
  { name: ['web', 'Web'] },
  { name: '' },
  { availability_zone: '' },
  { availability_zone: 'NULL' },
  { availability_zone: ['az-1', 'null'] },
  { admin_state_up: 'TRUE' },
  { admin_state_up: ['false', 'yes'] },
  { admin_state_up: 'yes' },
  { flavor_id: 'not-a-uuid' },
  { flavor_id: 'null' },
  { tags: 'red' },
  { tags: 'red,blue' },
  { 'tags-any': 'blue,green' },
  { 'not-tags': 'red,blue' },
  { 'not-tags-any': 'red' },
  { 'not-tags-any': ['red'], tags: 'blue' },
  { provisioning_status: 'ACTIVE', provider: 'noop' },
  { project_id: 'project-b' },
  { tenant_id: ['project-a', 'project-c'] },
  { fields: ['id', 'name'], sort: 'name' },
];

describe('load balancer lists in SQL', () => {
  it.each([
    ['an admin', admin],
    ['a member of one project', tenant],
  ])('answer as the views do, for %s, with and without paging', async (_who, caller) => {
    for (const query of QUERIES) await expectSameAnswers(loadBalancers(caller), query);
  });

  it('refuses a marker that is not in the list, as the views do', async () => {
    const other = (await loadBalancers(admin).views()).find((lb) => lb.project_id === 'project-b')!.id;
    for (const marker of [randomUUID(), other, other.toUpperCase(), 'not-a-uuid']) {
      const { fromSql, fromViews } = await bothAnswers(loadBalancers(tenant), { limit: '3', marker });
      expect(fromSql).toEqual({ refused: `marker ${marker} is not an item of this list` });
      expect(fromViews).toEqual(fromSql);
    }
    const filtered = await bothAnswers(loadBalancers(admin), {
      limit: '3',
      marker: other,
      project_id: 'project-a',
    });
    expect(filtered.fromSql).toEqual({ refused: `marker ${other} is not an item of this list` });
  });

  it('lists from the views what SQL cannot answer, with the same answers', async () => {
    const queries: Record<string, string>[] = [
      { sort: 'tags' },
      { listeners: randomUUID() },
      { created_at: '2026-01-01T00:00:00Z' },
    ];
    for (const query of queries) {
      const { fromSql, fromViews, inSql } = await bothAnswers(loadBalancers(admin), query);
      expect(inSql).toBe(false);
      expect(fromSql).toEqual(fromViews);
    }
  });
});
