import type { LoadBalancerTree } from '../../lb-graph/load-balancer-tree';
import { neutronStatusTree, statusTree } from './status-tree';

const row = (id: string, extra: object = {}) => ({
  id,
  name: id,
  provisioningStatus: 'ACTIVE',
  operatingStatus: 'ONLINE',
  ...extra,
});

const graph = {
  lb: row('lb'),
  listeners: [row('l1', { defaultPoolId: 'p1' })],
  pools: [row('p1'), row('p2'), row('p3')],
  members: [row('m1', { poolId: 'p1', address: '198.51.100.9', protocolPort: 80 })],
  monitors: [row('hm', { poolId: 'p1', type: 'HTTP' })],
  policies: [row('pol', { listenerId: 'l1', redirectPoolId: 'p2', action: 'REDIRECT_TO_POOL' })],
  rules: [row('r1', { l7policyId: 'pol', type: 'PATH' })],
} as unknown as LoadBalancerTree;

const node = (id: string) => ({ id, name: id, provisioning_status: 'ACTIVE', operating_status: 'ONLINE' });
const member = { ...node('m1'), address: '198.51.100.9', protocol_port: 80 };

describe('status trees', () => {
  it("Octavia's: listeners with their default and redirect pools, health_monitor only where there is one", () => {
    expect(statusTree(graph)).toEqual({
      loadbalancer: {
        ...node('lb'),
        listeners: [
          {
            ...node('l1'),
            pools: [
              { ...node('p1'), health_monitor: { ...node('hm'), type: 'HTTP' }, members: [member] },
              { ...node('p2'), members: [] },
            ],
          },
        ],
      },
    });
  });

  it("neutron's: healthmonitor ({} without one), L7 policies with rules, and every pool", () => {
    const tree = neutronStatusTree(graph).loadbalancer;
    expect(tree.listeners[0].pools.map((p) => p.healthmonitor)).toEqual([
      { ...node('hm'), type: 'HTTP' },
      {},
    ]);
    expect(tree.listeners[0].l7policies).toEqual([
      { ...node('pol'), action: 'REDIRECT_TO_POOL', rules: [{ ...node('r1'), type: 'PATH' }] },
    ]);
    expect(tree.pools.map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
  });
});
