import { OperatingStatus } from '@lbaas/contracts';
import { rollUpStatuses } from '@lbaas/haproxy';
import { listener, loadBalancer, member, monitor, pool } from '@lbaas/haproxy/testing/graph-fixtures';
import { DryRunDriver } from './dry-run.driver';

const graph = loadBalancer({
  listeners: [listener(1, { default_pool_id: pool(1).id })],
  pools: [pool(1, { healthmonitor: monitor(), members: [member(1), member(2, { admin_state_up: false })] })],
});

describe('DryRunDriver', () => {
  it('records a deploy, knows when it serves exactly the graph, and forgets it on destroy', async () => {
    const driver = new DryRunDriver();
    expect(await driver.isServingGraph(graph)).toBe(false);
    expect(await driver.deploy(graph)).toBe('started');
    expect(await driver.isServingGraph(graph)).toBe(true);
    expect(await driver.deploy(graph)).toBe('unchanged');

    const changed = { ...graph, listeners: [{ ...graph.listeners[0], connection_limit: 10 }] };
    expect(await driver.isServingGraph(changed)).toBe(false);
    expect(await driver.deploy(changed)).toBe('reloaded');
    expect(await driver.deployedIds()).toEqual([graph.id]);

    await driver.destroy(graph.id);
    expect(await driver.deployedIds()).toEqual([]);
    expect(await driver.isServing(graph.id)).toBe(false);
  });

  it('shows statistics that roll up to a healthy load balancer (disabled members stay disabled)', async () => {
    const driver = new DryRunDriver();
    await driver.deploy(graph);
    const statuses = rollUpStatuses(graph, await driver.readStats(graph.id));
    const of = (id: string) => statuses.find((s) => s.id === id)?.operating_status;
    expect(of(graph.id)).toBe(OperatingStatus.Online);
    expect(of(graph.pools[0].members[0].id)).toBe(OperatingStatus.Online);
    expect(of(graph.pools[0].members[1].id)).toBe(OperatingStatus.Disabled);
    expect(of(graph.listeners[0].id)).toBe(OperatingStatus.Online);
  });

  it('refuses what the real driver would refuse to render', async () => {
    const driver = new DryRunDriver();
    const checked = pool(1, { healthmonitor: monitor({ type: 'HTTP', url_path: '/a b' }) });
    const bad = { ...graph, pools: [checked] };
    await expect(driver.deploy(bad)).rejects.toThrow(/cannot be placed/);
    expect(await driver.deployedIds()).toEqual([]);
  });
});
