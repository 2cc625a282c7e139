import { OperatingStatus, ProvisioningStatus } from '@lbaas/contracts';
import type { LoadBalancerTree } from '../../lb-graph/load-balancer-tree';
import { healthyDataPlaneStatuses } from './healthy-data-plane';

const row = (id: string, extra: object = {}) => ({
  id,
  adminStateUp: true,
  provisioningStatus: ProvisioningStatus.Active,
  ...extra,
});

function tree(parts: Partial<Record<'pools' | 'members' | 'monitors', object[]>>): LoadBalancerTree {
  return {
    lb: row('lb'),
    listeners: [],
    policies: [],
    rules: [],
    pools: [],
    members: [],
    monitors: [],
    ...parts,
  } as unknown as LoadBalancerTree;
}

const statusOf = (t: LoadBalancerTree) =>
  Object.fromEntries(healthyDataPlaneStatuses(t).map((s) => [s.id, s.operating_status]));

describe('statuses of a data plane whose members all answer (noop provider)', () => {
  it('shows members of an unmonitored pool NO_MONITOR, of a monitored one ONLINE', () => {
    expect(
      statusOf(
        tree({
          pools: [row('bare'), row('watched')],
          members: [row('m1', { poolId: 'bare' }), row('m2', { poolId: 'watched' })],
          monitors: [row('hm', { poolId: 'watched' })],
        }),
      ),
    ).toEqual({
      m1: OperatingStatus.NoMonitor,
      bare: OperatingStatus.Online,
      m2: OperatingStatus.Online,
      watched: OperatingStatus.Online,
    });
  });

  it('counts neither a monitor that is admin down or being deleted nor members being deleted', () => {
    expect(
      statusOf(
        tree({
          pools: [row('p1'), row('p2')],
          members: [
            row('m1', { poolId: 'p1' }),
            row('gone', { poolId: 'p2', provisioningStatus: ProvisioningStatus.PendingDelete }),
          ],
          monitors: [
            row('hm1', { poolId: 'p1', adminStateUp: false }),
            row('hm2', { poolId: 'p2', provisioningStatus: ProvisioningStatus.PendingDelete }),
          ],
        }),
      ),
    ).toEqual({ m1: OperatingStatus.NoMonitor, p1: OperatingStatus.Online, p2: OperatingStatus.Offline });
  });

  it('shows a pool without members, and admin-down objects, OFFLINE', () => {
    expect(
      statusOf(
        tree({
          pools: [row('empty'), row('down', { adminStateUp: false })],
          members: [row('m1', { poolId: 'down', adminStateUp: false })],
        }),
      ),
    ).toEqual({ empty: OperatingStatus.Offline, down: OperatingStatus.Offline, m1: OperatingStatus.Offline });
  });
});
