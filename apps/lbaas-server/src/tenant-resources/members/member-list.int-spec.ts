/**
 * Member lists paged in SQL answer exactly what the views answer: numbers compared as numbers (and
 * filtered by their text), missing monitor ports first, addresses in text order, one pool's members only.
 * Real, migrated PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { OperatingStatus, ProvisioningStatus } from '@lbaas/contracts';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../database/data-source';
import { MemberEntity } from '../../lb-graph/entities/member.entity';
import { readListPage } from '../../platform/listing/read-list-page';
import { ROW } from '../../platform/listing/sql-list';
import { insertGraph } from '../../testing/graph-fixtures';
import { createIntegrationDatabase, type IntegrationDatabase } from '../../testing/integration-database';
import { bothAnswers, expectSameAnswers, type ListUnderTest } from '../../testing/list-answers';
import { MEMBER_ATTRIBUTES, MEMBER_COLUMNS, memberView, type MemberView } from './member.view';

let database: IntegrationDatabase;
let dataSource: DataSource;
let pool: string;

beforeAll(async () => {
  database = await createIntegrationDatabase('member_list');
  dataSource = new DataSource(dataSourceOptions(database.url));
  await dataSource.initialize();
  // Two pools: the listed one gets many members, the other keeps the fixture's two.
  pool = (await insertGraph(dataSource, 'project-a')).pool;
  await insertGraph(dataSource, 'project-a');
  for (let i = 0; i < 29; i++) {
    await dataSource.manager.insert(MemberEntity, {
      id: randomUUID(),
      projectId: 'project-a',
      name: ['web', 'Web', '', 'db'][i % 4],
      description: '',
      adminStateUp: i % 7 !== 0,
      provisioningStatus: ProvisioningStatus.Active,
      operatingStatus: i % 3 === 0 ? OperatingStatus.Error : OperatingStatus.Online,
      tags: i % 2 === 0 ? ['even'] : [],
      poolId: pool,
      address: `203.0.113.${(i * 37) % 250}`,
      protocolPort: [80, 8080, 443, 9][i % 4],
      weight: (i * 5) % 11,
      backup: i % 6 === 0,
      subnetId: null,
      monitorAddress: i % 5 === 0 ? '203.0.113.200' : null,
      monitorPort: i % 4 === 0 ? null : 9000 + (i % 3),
    });
  }
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

const members: ListUnderTest<MemberView> = {
  collection: 'members',
  attributes: MEMBER_ATTRIBUTES,
  views: async () =>
    (
      await dataSource.manager.find(MemberEntity, { where: { poolId: pool }, order: { createdAt: 'ASC' } })
    ).map(memberView),
  page: async (query) => {
    const page = await readListPage(dataSource.manager, MemberEntity, MEMBER_COLUMNS, query, [
      { condition: `${ROW}.pool_id = :pool`, parameters: { pool } },
    ]);
    return page && { rows: page.rows.map(memberView), more: page.more };
  },
};

describe('member lists in SQL', () => {
  it.each([
    {},
    { sort: 'weight:desc' },
    { sort: 'protocol_port,weight:desc' },
    { sort: 'monitor_port' },
    { sort: 'monitor_port:desc,name' },
    { sort: 'address' },
    { sort: 'backup:desc,operating_status' },
    { weight: '5' },
    { weight: ['05', '0'] },
    { weight: 'heavy' },
    { protocol_port: ['80', '8080'] },
    { backup: 'True' },
    { monitor_port: 'null' },
    { monitor_address: '' },
    { subnet_id: 'null', admin_state_up: 'false' },
    { address: '203.0.113.37' },
    { pool_id: 'not-a-uuid' },
    { tags: 'even', fields: ['id', 'weight'] },
  ])('answer %j as the views do, whole and page by page', async (query) => {
    await expectSameAnswers(members, query as Record<string, string | string[]>, 5);
  });

  it('lists from the views what SQL cannot answer (vnic_type is no column)', async () => {
    const { fromSql, fromViews, inSql } = await bothAnswers(members, { vnic_type: 'normal', limit: '3' });
    expect(inSql).toBe(false);
    expect(fromSql).toEqual(fromViews);
    expect((fromSql as { members: unknown[] }).members).toHaveLength(3);
  });
});
