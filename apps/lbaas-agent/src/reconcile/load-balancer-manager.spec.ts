import { type LoadBalancerGraph, OperatingStatus, PluginMethod, ProvisioningStatus } from '@lbaas/contracts';
import { type StatRow, StatRowType } from '@lbaas/haproxy';
import { listener, loadBalancer, member, pool } from '@lbaas/haproxy/testing/graph-fixtures';
import type { RpcClient } from '@lbaas/rpc';
import type { AgentConfig } from '../config/agent.config';
import { LoadBalancerLocks } from '../driver/load-balancer-locks';
import type { DeviceDriver } from '../driver/device-driver';
import { LoadBalancerManager, UNCHANGED_STATS_RESEND_MS } from './load-balancer-manager';

const { Online, Offline, Degraded } = OperatingStatus;

/** A steady load balancer as the server recorded it: everything ONLINE, haproxy running its config. */
function steadyGraph(memberStatus = Online): LoadBalancerGraph {
  return loadBalancer({
    operating_status: Online,
    listeners: [listener(1, { operating_status: Online })],
    pools: [pool(1, { operating_status: Online, members: [member(1, { operating_status: memberStatus })] })],
  });
}

function row(graph: LoadBalancerGraph, change: Partial<StatRow>): StatRow {
  return {
    pxname: graph.listeners[0].id,
    svname: 'FRONTEND',
    type: StatRowType.Frontend,
    status: 'OPEN',
    scur: 0,
    stot: 10,
    bin: 100,
    bout: 200,
    ereq: 0,
    checkStatus: '',
    ...change,
  };
}

function serverRow(graph: LoadBalancerGraph, status: string): StatRow {
  const pool = graph.pools[0];
  return { ...row(graph, {}), pxname: pool.id, svname: pool.members[0].id, type: StatRowType.Server, status };
}

function managerOver(graph: LoadBalancerGraph, stats: () => StatRow[]) {
  const call = jest.fn((_topic: string, method: PluginMethod, _args?: unknown) =>
    Promise.resolve(method === PluginMethod.GetLoadbalancerGraph ? graph : { recorded: true }),
  );
  const cast = jest.fn(() => Promise.resolve());
  const driver = {
    isServing: jest.fn(() => Promise.resolve(true)),
    isServingGraph: jest.fn(() => Promise.resolve(true)),
    readStats: jest.fn(() => Promise.resolve(stats())),
    udpListenersOpen: jest.fn(() => new Set<string>()),
    udpListenerStats: jest.fn(() => Promise.resolve([])),
    destroy: jest.fn(() => Promise.resolve()),
    deploy: jest.fn(() => Promise.resolve('reloaded')),
    isActiveInstance: jest.fn(() => Promise.resolve(true)),
  };
  const manager = new LoadBalancerManager(
    { host: 'node-1' } as AgentConfig,
    { call, cast } as unknown as RpcClient,
    driver as unknown as DeviceDriver,
    new LoadBalancerLocks(),
  );
  const statusReports = () => call.mock.calls.filter(([, method]) => method === PluginMethod.UpdateStatus);
  return { manager, call, cast, driver, statusReports };
}

describe('LoadBalancerManager periodic reports', () => {
  afterEach(() => jest.useRealTimers());

  it('sends no status report while haproxy agrees with what the server recorded', async () => {
    const graph = steadyGraph();
    const { manager, statusReports } = managerOver(graph, () => [row(graph, {}), serverRow(graph, 'UP')]);
    await manager.converge(graph.id);
    await manager.converge(graph.id);
    expect(statusReports()).toHaveLength(0);
  });

  it('reports only the statuses that moved when a member goes down', async () => {
    const graph = steadyGraph();
    const { manager, statusReports } = managerOver(graph, () => [row(graph, {}), serverRow(graph, 'DOWN')]);
    await manager.converge(graph.id);
    expect(statusReports()).toHaveLength(1);
    const sent = statusReports()[0][2] as {
      statuses: { id: string; operating_status: string }[];
    };
    expect(sent.statuses.map((s) => [s.id, s.operating_status])).toEqual([
      [graph.pools[0].members[0].id, Offline],
      [graph.pools[0].id, OperatingStatus.Error],
      [graph.listeners[0].id, Degraded],
      [graph.id, Degraded],
    ]);
  });

  it('sends counters when they change, and unchanged ones again only after a while', async () => {
    jest.useFakeTimers();
    const graph = steadyGraph();
    let frontend = row(graph, {});
    const { manager, cast } = managerOver(graph, () => [frontend]);
    await manager.reportStats(graph.id);
    await manager.reportStats(graph.id);
    expect(cast).toHaveBeenCalledTimes(1);
    frontend = row(graph, { stot: 11, bin: 150 });
    await manager.reportStats(graph.id);
    expect(cast).toHaveBeenCalledTimes(2);
    jest.advanceTimersByTime(UNCHANGED_STATS_RESEND_MS + 1);
    await manager.reportStats(graph.id);
    expect(cast).toHaveBeenCalledTimes(3);
  });

  it('leaves counters and periodic statuses to the ACTIVE_STANDBY instance that holds the VIP', async () => {
    const graph = steadyGraph();
    const backup = managerOver(graph, () => [row(graph, { stot: 5 }), serverRow(graph, 'DOWN')]);
    backup.driver.isActiveInstance.mockResolvedValue(false);
    await backup.manager.converge(graph.id);
    await backup.manager.reportStats(graph.id);
    expect(backup.statusReports()).toHaveLength(0);
    expect(backup.cast).not.toHaveBeenCalled();
    backup.driver.isActiveInstance.mockResolvedValue(true);
    await backup.manager.converge(graph.id);
    await backup.manager.reportStats(graph.id);
    expect(backup.statusReports()).toHaveLength(1);
    expect(backup.cast).toHaveBeenCalledTimes(1);
  });

  it('forgets what it sent for a load balancer it removed', async () => {
    const graph = steadyGraph();
    const { manager, cast } = managerOver(graph, () => [row(graph, {})]);
    await manager.reportStats(graph.id);
    await manager.destroy(graph.id);
    await manager.reportStats(graph.id);
    expect(cast).toHaveBeenCalledTimes(2);
  });
});

describe('LoadBalancerManager with a graph whose keys the server withheld', () => {
  const withheld = (provisioning_status: LoadBalancerGraph['provisioning_status']) => ({
    ...steadyGraph(),
    provisioning_status,
    secrets_withheld: 'private keys withheld: the link of agent node-1 to the message broker is not TLS',
  });

  it('fails a pending change with the reason and deploys nothing', async () => {
    const graph = withheld(ProvisioningStatus.PendingUpdate);
    const { manager, driver, statusReports } = managerOver(graph, () => []);
    await manager.converge(graph.id);
    expect(driver.deploy).not.toHaveBeenCalled();
    expect(statusReports().map(([, , report]) => report)).toEqual([
      expect.objectContaining({ deployed: false, reason: graph.secrets_withheld }),
    ]);
  });

  it('leaves a settled load balancer as it runs (its health still reported), and still removes one being deleted', async () => {
    const settled = withheld(ProvisioningStatus.Active);
    const steady = managerOver(settled, () => [row(settled, {}), serverRow(settled, 'DOWN')]);
    await steady.manager.converge(settled.id);
    expect(steady.driver.deploy).not.toHaveBeenCalled();
    expect(steady.driver.destroy).not.toHaveBeenCalled();
    expect(steady.statusReports()).toHaveLength(1);
    expect(steady.statusReports()[0][2]).not.toHaveProperty('deployed');

    // From the cached graph too (its revision unchanged): a member going down is still reported.
    let memberState = 'UP';
    const cached = { ...settled, revision: 3 };
    const periodic = managerOver(cached, () => [row(cached, {}), serverRow(cached, memberState)]);
    await periodic.manager.converge(cached.id, 3);
    expect(periodic.statusReports()).toHaveLength(0);
    memberState = 'DOWN';
    await periodic.manager.converge(cached.id, 3);
    expect(periodic.statusReports()).toHaveLength(1);

    const deleting = withheld(ProvisioningStatus.PendingDelete);
    const removal = managerOver(deleting, () => []);
    await removal.manager.converge(deleting.id);
    expect(removal.driver.destroy).toHaveBeenCalledWith(deleting.id);
  });
});

describe('LoadBalancerManager graph revisions', () => {
  it('works from the graph it has while the revision the server lists has not moved', async () => {
    const graph = { ...steadyGraph(), revision: 5 };
    const { manager, call } = managerOver(graph, () => [row(graph, {}), serverRow(graph, 'UP')]);
    const fetches = () =>
      call.mock.calls.filter(([, method]) => method === PluginMethod.GetLoadbalancerGraph);
    await manager.converge(graph.id, 5); // nothing known yet: fetched
    await manager.converge(graph.id, 5); // same revision: reused
    expect(fetches()).toHaveLength(1);
    await manager.converge(graph.id, 6); // moved: fetched
    await manager.converge(graph.id); // a change the server announced: always fetched
    expect(fetches()).toHaveLength(3);
    await manager.destroy(graph.id);
    await manager.converge(graph.id, 5); // forgotten with the load balancer: fetched
    expect(fetches()).toHaveLength(4);
  });

  it('fetches before acting: a pending graph, or one haproxy no longer serves, is never reused', async () => {
    const pending = { ...steadyGraph(), revision: 5, provisioning_status: ProvisioningStatus.PendingUpdate };
    const first = managerOver(pending, () => [row(pending, {}), serverRow(pending, 'UP')]);
    const fetchesOf = (calls: unknown[][]) =>
      calls.filter(([, method]) => method === PluginMethod.GetLoadbalancerGraph).length;
    await first.manager.converge(pending.id, 5);
    await first.manager.converge(pending.id, 5);
    expect(fetchesOf(first.call.mock.calls)).toBe(2);

    const steady = { ...steadyGraph(), revision: 5 };
    const second = managerOver(steady, () => [row(steady, {}), serverRow(steady, 'UP')]);
    await second.manager.converge(steady.id, 5);
    second.driver.isServingGraph.mockResolvedValue(false); // e.g. a newer config deployed since
    await second.manager.converge(steady.id, 5);
    expect(fetchesOf(second.call.mock.calls)).toBe(2);
  });
});
