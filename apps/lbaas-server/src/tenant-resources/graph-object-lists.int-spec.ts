/**
 * Listener, pool and health monitor lists paged in SQL answer exactly what their views answer, for
 * filters and sort keys on their columns; attributes that are no column (reference lists, JSON) are
 * listed from the views, with the same answers. Real, migrated PostgreSQL.
 */
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { dataSourceOptions } from '../database/data-source';
import { HealthMonitorEntity } from '../lb-graph/entities/health-monitor.entity';
import { ListenerEntity } from '../lb-graph/entities/listener.entity';
import { PoolEntity } from '../lb-graph/entities/pool.entity';
import { Caller } from '../platform/auth/caller';
import { readListPage } from '../platform/listing/read-list-page';
import type { ListColumns } from '../platform/listing/sql-list';
import { visibleRows } from '../platform/rest/project-scope';
import { insertGraph } from '../testing/graph-fixtures';
import { createIntegrationDatabase, type IntegrationDatabase } from '../testing/integration-database';
import { bothAnswers, expectSameAnswers, type ListUnderTest, type Query } from '../testing/list-answers';
import {
  HEALTH_MONITOR_ATTRIBUTES,
  HEALTH_MONITOR_COLUMNS,
  healthMonitorView,
} from './healthmonitors/health-monitor.view';
import { LISTENER_ATTRIBUTES, LISTENER_COLUMNS, listenerView } from './listeners/listener.view';
import { POOL_ATTRIBUTES, POOL_COLUMNS, poolView } from './pools/pool.view';

let database: IntegrationDatabase;
let dataSource: DataSource;
const tenant = new Caller('project-a', ['member']);
const admin = new Caller('project-admin', ['admin']);

beforeAll(async () => {
  database = await createIntegrationDatabase('object_lists');
  dataSource = new DataSource(dataSourceOptions(database.url));
  await dataSource.initialize();
  // Graphs of two projects; then names, ports and settings that order and filter differently.
  for (let i = 0; i < 9; i++) {
    const graph = await insertGraph(dataSource, i % 3 === 0 ? 'project-b' : 'project-a');
    const name = ['web', 'Web', '', 'äpfel', 'zeta'][i % 5];
    await dataSource.manager.update(ListenerEntity, graph.listener, {
      name,
      protocolPort: [80, 443, 8080][i % 3],
      connectionLimit: i % 2 === 0 ? -1 : 100 * i,
      defaultPoolId: i % 4 === 0 ? null : graph.pool,
      hstsMaxAge: i % 3 === 0 ? null : i,
    });
    await dataSource.manager.update(PoolEntity, graph.pool, {
      name,
      lbAlgorithm: i % 2 === 0 ? 'ROUND_ROBIN' : 'LEAST_CONNECTIONS',
      tlsEnabled: i % 3 === 1,
    });
    await dataSource.manager.update(HealthMonitorEntity, graph.monitor, {
      name,
      delay: 1 + (i % 4),
      urlPath: i % 2 === 0 ? '/health' : null,
      // Stored as text through a transformer: the page must read it back as the views do (a number).
      httpVersion: i % 2 === 0 ? 1.1 : null,
    });
  }
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

/** A collection as `caller` sees it: every view (oldest first), and pages read in SQL. */
function collection<E extends ObjectLiteral & { projectId: string }, V extends { id: string }>(
  name: string,
  entity: EntityTarget<E>,
  attributes: ReadonlySet<string>,
  columns: ListColumns,
  view: (row: E) => V,
  caller: Caller,
): ListUnderTest<V> {
  return {
    collection: name,
    attributes,
    views: async () =>
      (
        await dataSource.manager.find(entity, {
          where: (caller.seesAllProjects ? {} : { projectId: caller.projectId }) as never,
          order: { createdAt: 'ASC' } as never,
        })
      ).map(view),
    page: async (query) => {
      const page = await readListPage(dataSource.manager, entity, columns, query, visibleRows(caller));
      return page && { rows: page.rows.map(view), more: page.more };
    },
  };
}

// Reference lists are not what these specs compare: the services fill them from other tables.
const listeners = (caller: Caller) =>
  collection(
    'listeners',
    ListenerEntity,
    LISTENER_ATTRIBUTES,
    LISTENER_COLUMNS,
    (l) => listenerView(l, []),
    caller,
  );
const pools = (caller: Caller) =>
  collection(
    'pools',
    PoolEntity,
    POOL_ATTRIBUTES,
    POOL_COLUMNS,
    (p) => poolView(p, { listenerIds: [], memberIds: [], healthmonitorId: null }),
    caller,
  );
const monitors = (caller: Caller) =>
  collection(
    'healthmonitors',
    HealthMonitorEntity,
    HEALTH_MONITOR_ATTRIBUTES,
    HEALTH_MONITOR_COLUMNS,
    healthMonitorView,
    caller,
  );

const CASES: [string, (caller: Caller) => ListUnderTest<{ id: string }>, Query[]][] = [
  [
    'listeners',
    listeners,
    [
      {},
      { sort: 'name:desc' },
      { sort: 'protocol_port,connection_limit:desc' },
      { sort: 'hsts_max_age', protocol: 'HTTP' },
      { default_pool_id: 'null' },
      { connection_limit: ['-1', '900'] },
      { name: ['web', 'we\u0000b'], 'tags-any': 'x\u0000', 'not-tags': 'y\u0000' },
      { tags: 'a\u0000' },
      { protocol_port: '443', fields: ['id', 'protocol_port'] },
    ],
  ],
  [
    'pools',
    pools,
    [
      {},
      { sort: 'lb_algorithm,name' },
      { tls_enabled: 'true' },
      { lb_algorithm: 'ROUND_ROBIN', sort: 'id:desc' },
    ],
  ],
  [
    'healthmonitors',
    monitors,
    [{}, { sort: 'delay:desc,name' }, { url_path: '' }, { delay: ['2', '3', '-0', '3000000000', '05'] }],
  ],
];

describe('listener, pool and health monitor lists in SQL', () => {
  for (const [name, list, queries] of CASES) {
    it.each(queries)(`${name}: answer %j as the views do, for a member and an admin`, async (query) => {
      await expectSameAnswers(list(tenant), query, 2);
      await expectSameAnswers(list(admin), query, 3);
    });
  }

  it('lists from the views what is no column (reference lists, JSON), with the same answers', async () => {
    const fallbacks: [(caller: Caller) => ListUnderTest<{ id: string }>, Query][] = [
      [listeners, { sort: 'allowed_cidrs' }],
      [pools, { session_persistence: 'null', limit: '2' }],
      [monitors, { pools: 'x' }],
    ];
    for (const [list, query] of fallbacks) {
      const { fromSql, fromViews, inSql } = await bothAnswers(list(admin), query);
      expect(inSql).toBe(false);
      expect(fromSql).toEqual(fromViews);
    }
  });
});
