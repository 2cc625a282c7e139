import { PluginMethod } from '@lbaas/contracts';
import { RemoteError, type RpcClient } from '@lbaas/rpc';
import type { AgentConfig } from '../config/agent.config';
import type { DeviceDriver } from '../driver/device-driver';
import { CONCURRENT_LOAD_BALANCERS, type LoadBalancerManager } from './load-balancer-manager';
import { FULL_FETCH_EVERY_PASSES, ReconcileService } from './reconcile.service';

/** A reconcile pass over fakes that record what ran and how much overlapped. */
function pass(hosted: string[], deployed: string[], serverKnowsRevisions = true) {
  const events: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const slow = (event: string) => async () => {
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    events.push(`${event} start`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    events.push(`${event} end`);
    running--;
  };
  const manager = {
    converge: jest.fn((id: string) => slow(`converge ${id}`)()),
    destroy: jest.fn((id: string) => slow(`destroy ${id}`)()),
    reportStats: jest.fn(() => Promise.resolve()),
  };
  const call = jest.fn((_topic: string, method: PluginMethod) => {
    if (method === PluginMethod.GetReadyLoadbalancers) return Promise.resolve(hosted);
    if (!serverKnowsRevisions)
      return Promise.reject(new RemoteError('UnknownMethod', `unknown method ${method}`));
    return Promise.resolve(hosted.map((id, i) => ({ id, revision: 10 + i })));
  });
  const service = new ReconcileService(
    { host: 'node-1', periodicInterval: 10 } as AgentConfig,
    { call } as unknown as RpcClient,
    { deployedIds: jest.fn(() => Promise.resolve(deployed)) } as unknown as DeviceDriver,
    manager as unknown as LoadBalancerManager,
  );
  return { service, manager, call, events, mostAtOnce: () => mostAtOnce };
}

describe('ReconcileService.reconcile', () => {
  it('removes every orphan before it converges anything it hosts', async () => {
    const { service, events } = pass(['a', 'b'], ['a', 'gone-1', 'gone-2']);
    await service.reconcile();
    const lastDestroy = events.lastIndexOf('destroy gone-2 end');
    const firstConverge = events.findIndex((e) => e.startsWith('converge'));
    expect(lastDestroy).toBeGreaterThanOrEqual(0);
    expect(firstConverge).toBeGreaterThan(lastDestroy);
    expect(events.filter((e) => e.endsWith('end'))).toHaveLength(4);
  });

  it(`works on at most ${CONCURRENT_LOAD_BALANCERS} load balancers at once, and on all of them`, async () => {
    const hosted = Array.from({ length: 20 }, (_, i) => `lb-${i}`);
    const { service, manager, mostAtOnce } = pass(hosted, []);
    await service.reconcile();
    expect(mostAtOnce()).toBe(CONCURRENT_LOAD_BALANCERS);
    expect(manager.converge).toHaveBeenCalledTimes(20);
    expect(manager.reportStats).toHaveBeenCalledTimes(20);
  });

  it('starts nothing new once the agent is stopping', async () => {
    const hosted = Array.from({ length: 20 }, (_, i) => `lb-${i}`);
    const { service, manager } = pass(hosted, []);
    const reconciling = service.reconcile();
    await new Promise((resolve) => setTimeout(resolve, 1));
    await service.onModuleDestroy();
    await reconciling;
    expect(manager.converge.mock.calls.length).toBeLessThan(20);
  });

  it('hands each load balancer its revision, so an unchanged graph is not fetched again; now and then none', async () => {
    const { service, manager } = pass(['a', 'b'], []);
    for (let i = 0; i <= FULL_FETCH_EVERY_PASSES; i++) await service.reconcile();
    const revisionsOfPass = (n: number) => manager.converge.mock.calls.slice(2 * n, 2 * n + 2);
    expect(revisionsOfPass(0)).toEqual([
      ['a', undefined],
      ['b', undefined],
    ]);
    expect(revisionsOfPass(1)).toEqual([
      ['a', 10],
      ['b', 11],
    ]);
    expect(revisionsOfPass(FULL_FETCH_EVERY_PASSES)).toEqual(revisionsOfPass(0));
  });

  it('lists with get_ready_loadbalancers from then on when the server does not know revisions', async () => {
    const { service, manager, call } = pass(['a'], [], false);
    await service.reconcile();
    await service.reconcile();
    expect(manager.converge.mock.calls).toEqual([
      ['a', undefined],
      ['a', undefined],
    ]);
    const methods = call.mock.calls.map(([, method]) => method);
    expect(methods.filter((m) => m === PluginMethod.GetLoadbalancerRevisions)).toHaveLength(1);
    expect(methods.filter((m) => m === PluginMethod.GetReadyLoadbalancers)).toHaveLength(2);
  });
});
