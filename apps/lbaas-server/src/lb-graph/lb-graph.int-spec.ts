/**
 * The rules of the graph (docs/ARCHITECTURE.md, "Rules of the graph") in-process, against a real,
 * migrated PostgreSQL: the lock, 409 while pending, rollback, cascade and settling. A recording
 * deployer stands for the provider; a spec settles the outcome itself, as the noop provider does.
 */
import { ServerConfig } from '../platform/config/server.config';
import { ConflictException, Global, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { OperatingStatus, ProvisioningStatus } from '@lbaas/contracts';
import type { DataSource, EntityTarget } from 'typeorm';
import { ApiError, type ApiErrorKind } from '../platform/api-errors/api-error';
import { Caller } from '../platform/auth/caller';
import { dataSourceOptions } from '../database/data-source';
import { createIntegrationDatabase, type IntegrationDatabase } from '../testing/integration-database';
import { type GraphFixture, insertGraph } from '../testing/graph-fixtures';
import { markForDeletion } from './cascade';
import { HealthMonitorEntity } from './entities/health-monitor.entity';
import { L7PolicyEntity } from './entities/l7-policy.entity';
import { L7RuleEntity } from './entities/l7-rule.entity';
import { ListenerEntity } from './entities/listener.entity';
import { LoadBalancerEntity } from './entities/load-balancer.entity';
import { MemberEntity } from './entities/member.entity';
import { PoolEntity } from './entities/pool.entity';
import { CommittedChanges, GraphChangesService } from './graph-changes.service';
import { lockedChild } from './graph-lock';
import { GraphOutcomesService } from './graph-outcomes.service';
import { LbGraphModule } from './lb-graph.module';

const PROJECT = 'project-graph';
const owner = new Caller(PROJECT, ['member']);
const stranger = new Caller('project-other', ['member']);

/** The deployer's side: what was handed over, in order. */
class RecordingDeployer extends CommittedChanges {
  readonly deployed: string[] = [];
  deploy(_provider: string, loadBalancerId: string): void {
    this.deployed.push(loadBalancerId);
  }
}
const deployer = new RecordingDeployer();

/** What the app's global modules provide: the deployer's side, and the configuration (its defaults). */
@Global()
@Module({
  providers: [
    { provide: CommittedChanges, useValue: deployer },
    { provide: ServerConfig, useValue: new ServerConfig() },
  ],
  exports: [CommittedChanges, ServerConfig],
})
class RecordingDeployerModule {}

let database: IntegrationDatabase;
let app: TestingModule;
let dataSource: DataSource;
let changes: GraphChangesService;
let outcomes: GraphOutcomesService;

beforeAll(async () => {
  database = await createIntegrationDatabase('lb_graph');
  app = await Test.createTestingModule({
    imports: [TypeOrmModule.forRoot(dataSourceOptions(database.url)), RecordingDeployerModule, LbGraphModule],
  }).compile();
  dataSource = app.get<DataSource>(getDataSourceToken());
  changes = app.get(GraphChangesService);
  outcomes = app.get(GraphOutcomesService);
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

async function expectApiError(work: Promise<unknown>, kind: ApiErrorKind, status: number): Promise<void> {
  const error: unknown = await work.then(
    () => undefined,
    (refused: unknown) => refused,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect([(error as ApiError).kind, (error as ApiError).getStatus()]).toEqual([kind, status]);
}

/** Resolves once some session of this database waits for a lock (polls pg_stat_activity). */
async function waitForLockWaiter(): Promise<void> {
  for (;;) {
    const [{ waiting }] = await dataSource.query<{ waiting: number }[]>(
      "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const statusOf = async (
  entity: EntityTarget<{ id: string; provisioningStatus: ProvisioningStatus }>,
  id: string,
) => (await dataSource.manager.findOneBy(entity, { id }))?.provisioningStatus;

describe('a change of a load balancer', () => {
  let graph: GraphFixture;
  beforeEach(async () => {
    graph = await insertGraph(dataSource, PROJECT);
    deployer.deployed.length = 0;
  });

  it('runs under the lock, leaves the load balancer PENDING_UPDATE and hands it to the deployer once committed', async () => {
    const seen = await changes.change(owner, graph.lb, async (manager, lb) => {
      await manager.update(PoolEntity, { id: graph.pool }, { lbAlgorithm: 'SOURCE_IP' });
      expect(deployer.deployed).toEqual([]); // not before the commit
      return lb.id;
    });
    expect(seen).toBe(graph.lb);
    expect(await statusOf(LoadBalancerEntity, graph.lb)).toBe(ProvisioningStatus.PendingUpdate);
    expect(deployer.deployed).toEqual([graph.lb]);
  });

  it('is refused with 409 while the load balancer is pending, without running the write', async () => {
    await changes.change(owner, graph.lb, () => Promise.resolve());
    const write = jest.fn(() => Promise.resolve());
    await expectApiError(changes.change(owner, graph.lb, write), 'LoadBalancerImmutable', 409);
    expect(write).not.toHaveBeenCalled();
    expect(deployer.deployed).toEqual([graph.lb]);
  });

  it("is a 404 for another project's load balancer", async () => {
    await expectApiError(
      changes.change(stranger, graph.lb, () => Promise.resolve()),
      'LoadBalancerNotFound',
      404,
    );
    expect(await statusOf(LoadBalancerEntity, graph.lb)).toBe(ProvisioningStatus.Active);
  });

  it('that fails changes nothing and deploys nothing', async () => {
    await expect(
      changes.change(owner, graph.lb, async (manager) => {
        await manager.update(PoolEntity, { id: graph.pool }, { lbAlgorithm: 'SOURCE_IP' });
        throw new ConflictException('refused half-way');
      }),
    ).rejects.toThrow('refused half-way');
    expect((await dataSource.manager.findOneBy(PoolEntity, { id: graph.pool }))?.lbAlgorithm).toBe(
      'ROUND_ROBIN',
    );
    expect(await statusOf(LoadBalancerEntity, graph.lb)).toBe(ProvisioningStatus.Active);
    expect(deployer.deployed).toEqual([]);
  });

  it('waits for a concurrent change of the same load balancer, then sees it pending (409)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstHoldsLock!: () => void;
    const locked = new Promise<void>((resolve) => (firstHoldsLock = resolve));
    const first = changes.change(owner, graph.lb, async () => {
      firstHoldsLock();
      await gate;
    });
    await locked;
    // Its refusal is awaited at the end but expected from now on: it may come while `first` is still
    // being awaited, and a rejection nobody handles yet fails the test run.
    const second = expectApiError(
      changes.change(owner, graph.lb, () => Promise.resolve('second')),
      'LoadBalancerImmutable',
      409,
    );
    // Let the first change commit only once the second one waits for the row lock in PostgreSQL: without
    // the lock, the second would read the load balancer still ACTIVE and go through.
    await waitForLockWaiter();
    release();
    await first;
    await second;
  });

  it('reads a child again under the lock (a row read before it may be stale)', async () => {
    const before = await dataSource.manager.findOneByOrFail(PoolEntity, { id: graph.pool });
    await dataSource.manager.update(PoolEntity, { id: graph.pool }, { name: 'renamed meanwhile' });
    await changes.change(owner, graph.lb, async (manager) => {
      const pool = await lockedChild(
        manager,
        PoolEntity,
        graph.pool,
        (id) => new ApiError('PoolNotFound', id),
      );
      expect(before.name).toBe('');
      expect(pool.name).toBe('renamed meanwhile');
    });
  });
});

describe('deletion cascades, one way for every kind', () => {
  let graph: GraphFixture;
  beforeEach(async () => {
    graph = await insertGraph(dataSource, PROJECT);
  });
  const pending = async (
    pairs: [EntityTarget<{ id: string; provisioningStatus: ProvisioningStatus }>, string][],
  ) =>
    Promise.all(
      pairs.map(async ([entity, id]) => (await statusOf(entity, id)) === ProvisioningStatus.PendingDelete),
    );

  it('a load balancer takes every object with it', async () => {
    await dataSource.transaction((manager) => markForDeletion(manager, 'loadbalancer', graph.lb));
    expect(
      await pending([
        [LoadBalancerEntity, graph.lb],
        [ListenerEntity, graph.listener],
        [PoolEntity, graph.pool],
        [PoolEntity, graph.redirectPool],
        [MemberEntity, graph.members[0]],
        [MemberEntity, graph.members[1]],
        [HealthMonitorEntity, graph.monitor],
        [L7PolicyEntity, graph.policy],
        [L7RuleEntity, graph.rule],
      ]),
    ).toEqual(Array(9).fill(true));
  });

  it('a listener takes its L7 policies and rules, not the pools', async () => {
    await dataSource.transaction((manager) => markForDeletion(manager, 'listener', graph.listener));
    expect(
      await pending([
        [ListenerEntity, graph.listener],
        [L7PolicyEntity, graph.policy],
        [L7RuleEntity, graph.rule],
        [PoolEntity, graph.pool],
        [MemberEntity, graph.members[0]],
        [LoadBalancerEntity, graph.lb],
      ]),
    ).toEqual([true, true, true, false, false, false]);
  });

  it('a pool takes its members and monitor, not the listener that uses it', async () => {
    await dataSource.transaction((manager) => markForDeletion(manager, 'pool', graph.pool));
    expect(
      await pending([
        [PoolEntity, graph.pool],
        [MemberEntity, graph.members[0]],
        [MemberEntity, graph.members[1]],
        [HealthMonitorEntity, graph.monitor],
        [ListenerEntity, graph.listener],
        [PoolEntity, graph.redirectPool],
      ]),
    ).toEqual([true, true, true, true, false, false]);
  });

  it('an L7 policy takes its rules; a member, monitor or rule only itself', async () => {
    await dataSource.transaction(async (manager) => {
      await markForDeletion(manager, 'l7policy', graph.policy);
      await markForDeletion(manager, 'member', graph.members[0]);
    });
    expect(
      await pending([
        [L7PolicyEntity, graph.policy],
        [L7RuleEntity, graph.rule],
        [MemberEntity, graph.members[0]],
        [MemberEntity, graph.members[1]],
        [ListenerEntity, graph.listener],
      ]),
    ).toEqual([true, true, true, false, false]);
  });
});

describe("settling a deployer's outcome", () => {
  let graph: GraphFixture;
  beforeEach(async () => {
    graph = await insertGraph(dataSource, PROJECT);
  });

  it('makes pending objects ACTIVE with the reported statuses and removes those pending deletion', async () => {
    await changes.change(owner, graph.lb, async (manager) => {
      await manager.update(
        PoolEntity,
        { id: graph.pool },
        { provisioningStatus: ProvisioningStatus.PendingUpdate },
      );
      await markForDeletion(manager, 'member', graph.members[0]);
    });
    await outcomes.settle(graph.lb, true, undefined, new Map([[graph.pool, OperatingStatus.Degraded]]));
    const pool = await dataSource.manager.findOneByOrFail(PoolEntity, { id: graph.pool });
    expect([pool.provisioningStatus, pool.operatingStatus]).toEqual([
      ProvisioningStatus.Active,
      OperatingStatus.Degraded,
    ]);
    expect(await dataSource.manager.existsBy(MemberEntity, { id: graph.members[0] })).toBe(false);
    expect(await statusOf(MemberEntity, graph.members[1])).toBe(ProvisioningStatus.Active);
    expect(await statusOf(LoadBalancerEntity, graph.lb)).toBe(ProvisioningStatus.Active);
  });

  it('marks pending objects ERROR when the deployment failed, and deletes nothing', async () => {
    await changes.change(owner, graph.lb, (manager) => markForDeletion(manager, 'member', graph.members[0]));
    await outcomes.settle(graph.lb, false, 'haproxy would not start');
    expect(await statusOf(MemberEntity, graph.members[0])).toBe(ProvisioningStatus.Error);
    expect(await statusOf(LoadBalancerEntity, graph.lb)).toBe(ProvisioningStatus.Error);
    expect(await statusOf(MemberEntity, graph.members[1])).toBe(ProvisioningStatus.Active);
  });

  it('removes a deleted load balancer with its graph and releases its VIP port; settling again is harmless', async () => {
    await changes.change(
      owner,
      graph.lb,
      (manager) => markForDeletion(manager, 'loadbalancer', graph.lb),
      ProvisioningStatus.PendingDelete,
    );
    await outcomes.settle(graph.lb, true);
    await outcomes.settle(graph.lb, true);
    expect(await dataSource.manager.existsBy(LoadBalancerEntity, { id: graph.lb })).toBe(false);
    expect(await dataSource.manager.existsBy(PoolEntity, { id: graph.pool })).toBe(false);
    expect(await dataSource.manager.existsBy(L7RuleEntity, { id: graph.rule })).toBe(false);
    expect(await dataSource.query('SELECT id FROM ports WHERE id = $1', [graph.vipPort])).toEqual([]);
  });

  it("records the data plane's operating statuses only for objects of that load balancer", async () => {
    const other = await insertGraph(dataSource, PROJECT);
    await outcomes.recordOperatingStatuses(graph.lb, [
      { type: 'member', id: graph.members[0], operating_status: OperatingStatus.Offline },
      { type: 'member', id: other.members[0], operating_status: OperatingStatus.Offline },
    ]);
    const operating = async (id: string) =>
      (await dataSource.manager.findOneByOrFail(MemberEntity, { id })).operatingStatus;
    expect(await operating(graph.members[0])).toBe(OperatingStatus.Offline);
    expect(await operating(other.members[0])).toBe(OperatingStatus.Online);
  });
});

describe('the revision of a load balancer (what agents fetch by)', () => {
  const revisionOf = async (id: string) =>
    Number((await dataSource.manager.findOneByOrFail(LoadBalancerEntity, { id })).revision);

  it('moves with every write of the load balancer or of any object of its graph, and only its own', async () => {
    const graph = await insertGraph(dataSource, PROJECT);
    const other = await insertGraph(dataSource, PROJECT);
    const manager = dataSource.manager;
    const writes: [string, () => Promise<unknown>][] = [
      ['load balancer', () => manager.update(LoadBalancerEntity, { id: graph.lb }, { name: 'x' })],
      ['listener', () => manager.update(ListenerEntity, { id: graph.listener }, { name: 'x' })],
      ['pool', () => manager.update(PoolEntity, { id: graph.pool }, { name: 'x' })],
      [
        'member status',
        () =>
          manager.update(
            MemberEntity,
            { id: graph.members[0] },
            { operatingStatus: OperatingStatus.Offline },
          ),
      ],
      ['monitor', () => manager.update(HealthMonitorEntity, { id: graph.monitor }, { name: 'x' })],
      ['L7 policy', () => manager.update(L7PolicyEntity, { id: graph.policy }, { name: 'x' })],
      ['L7 rule deleted', () => manager.delete(L7RuleEntity, { id: graph.rule })],
      ['member deleted', () => manager.delete(MemberEntity, { id: graph.members[1] })],
    ];
    const untouched = await revisionOf(other.lb);
    for (const [what, write] of writes) {
      const before = await revisionOf(graph.lb);
      await write();
      expect({ what, moved: (await revisionOf(graph.lb)) > before }).toEqual({ what, moved: true });
    }
    expect(await revisionOf(other.lb)).toBe(untouched);
  });
});
