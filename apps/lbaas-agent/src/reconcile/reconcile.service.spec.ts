import type { RpcClient } from '@lbaas/rpc';
import type { AgentConfig } from '../config/agent.config';
import type { DeviceDriver } from '../driver/device-driver';
import { CONCURRENT_LOAD_BALANCERS, type LoadBalancerManager } from './load-balancer-manager';
import { ReconcileService } from './reconcile.service';

/** A reconcile pass over fakes that record what ran and how much overlapped. */
function pass(hosted: string[], deployed: string[]) {
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
  const service = new ReconcileService(
    { host: 'node-1', periodicInterval: 10 } as AgentConfig,
    { call: jest.fn(() => Promise.resolve(hosted)) } as unknown as RpcClient,
    { deployedIds: jest.fn(() => Promise.resolve(deployed)) } as unknown as DeviceDriver,
    manager as unknown as LoadBalancerManager,
  );
  return { service, manager, events, mostAtOnce: () => mostAtOnce };
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
});
