import { randomUUID } from 'node:crypto';
import { OperatingStatus, ProvisioningStatus } from '@lbaas/contracts';
/**
 * Listener, pool, health monitor, L7 policy and L7 rule lists paged in SQL answer exactly what their views answer, for
 * filters and sort keys on their columns; attributes that are no column (reference lists, JSON) are
 * listed from the views, with the same answers. Real, migrated PostgreSQL.
 */
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { dataSourceOptions } from '../database/data-source';
import { HealthMonitorEntity } from '../lb-graph/entities/health-monitor.entity';
import { L7PolicyEntity } from '../lb-graph/entities/l7-policy.entity';
import { L7RuleEntity } from '../lb-graph/entities/l7-rule.entity';
import { ListenerEntity } from '../lb-graph/entities/listener.entity';
import { PoolEntity } from '../lb-graph/entities/pool.entity';
import { Caller } from '../platform/auth/caller';
import { readListPage } from '../platform/listing/read-list-page';
import { type ListColumns, ROW } from '../platform/listing/sql-list';
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
import {
  L7_POLICY_ATTRIBUTES,
  L7_POLICY_COLUMNS,
  L7_RULE_ATTRIBUTES,
  L7_RULE_COLUMNS,
  l7PolicyView,
  l7RuleView,
} from './l7/l7.views';

let database: IntegrationDatabase;
let dataSource: DataSource;
let busyPolicy: string;
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
    await dataSource.manager.update(L7PolicyEntity, graph.policy, {
      name,
      action: i % 2 === 0 ? 'REDIRECT_TO_POOL' : 'REDIRECT_TO_URL',
      redirectUrl: i % 2 === 0 ? null : `http://example.com/${name}`,
      redirectHttpCode: i % 2 === 0 ? null : [301, 302][i % 4 === 1 ? 0 : 1],
      position: 1 + (i % 3),
    });
    // Every rule moves to the first policy: one policy with rules enough to page through (15 with those below).
    if (i === 0) busyPolicy = graph.policy;
    await dataSource.manager.update(L7RuleEntity, graph.rule, { l7policyId: busyPolicy, key: null });
  }
  for (let i = 0; i < 6; i++)
    await dataSource.manager.insert(L7RuleEntity, {
      id: randomUUID(),
      projectId: 'project-b',
      l7policyId: busyPolicy,
      type: ['PATH', 'HEADER', 'COOKIE'][i % 3] as 'PATH',
      compareType: i % 2 === 0 ? 'STARTS_WITH' : 'EQUAL_TO',
      key: i % 3 === 0 ? null : `k${i % 2}`,
      value: ['/api', 'Äb', 'ab', ''][i % 4] || 'z',
      invert: i % 4 === 1,
      provisioningStatus: ProvisioningStatus.Active,
      operatingStatus: OperatingStatus.Online,
    });
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

const policies = (caller: Caller) =>
  collection(
    'l7policies',
    L7PolicyEntity,
    L7_POLICY_ATTRIBUTES,
    L7_POLICY_COLUMNS,
    (p) => l7PolicyView(p, []),
    caller,
  );
/** The rules of one policy (the API's sub-collection: scoped by the policy, whose owner the service checks). */
const rules = (): ListUnderTest<ReturnType<typeof l7RuleView>> => ({
  collection: 'rules',
  attributes: L7_RULE_ATTRIBUTES,
  views: async () =>
    (
      await dataSource.manager.find(L7RuleEntity, {
        where: { l7policyId: busyPolicy },
        order: { createdAt: 'ASC' },
      })
    ).map(l7RuleView),
  page: async (query) => {
    const page = await readListPage(dataSource.manager, L7RuleEntity, L7_RULE_COLUMNS, query, [
      { condition: `${ROW}.l7policy_id = :policy_id`, parameters: { policy_id: busyPolicy } },
    ]);
    return page && { rows: page.rows.map(l7RuleView), more: page.more };
  },
});

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
  [
    'l7policies',
    policies,
    [
      {},
      { sort: 'position,name:desc' },
      { action: 'REDIRECT_TO_URL', sort: 'redirect_url' },
      { redirect_http_code: 'null' },
      { redirect_pool_id: '', fields: ['id', 'position'] },
    ],
  ],
  [
    'rules',
    rules,
    [
      {},
      { sort: 'value,type:desc' },
      { key: 'null' },
      { invert: 'TRUE' },
      { compare_type: 'EQUAL_TO', sort: 'key:desc' },
    ],
  ],
];

describe('listener, pool, health monitor and L7 lists in SQL', () => {
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
      [policies, { rules: 'x' }],
    ];
    for (const [list, query] of fallbacks) {
      const { fromSql, fromViews, inSql } = await bothAnswers(list(admin), query);
      expect(inSql).toBe(false);
      expect(fromSql).toEqual(fromViews);
    }
  });
});
