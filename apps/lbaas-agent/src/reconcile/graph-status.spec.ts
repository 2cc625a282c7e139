import { type ObjectStatus, OperatingStatus, ProvisioningStatus } from '@lbaas/contracts';
import { listener, loadBalancer, member, monitor, policy, pool } from '@lbaas/haproxy/testing/graph-fixtures';
import { changedStatuses, hasPendingChanges } from './graph-status';

describe('hasPendingChanges', () => {
  it('is false when every object is ACTIVE', () => {
    expect(hasPendingChanges(loadBalancer())).toBe(false);
  });

  it.each([
    ['the load balancer', loadBalancer({ provisioning_status: ProvisioningStatus.PendingUpdate })],
    [
      'a listener',
      loadBalancer({ listeners: [listener(1, { provisioning_status: ProvisioningStatus.PendingCreate })] }),
    ],
    [
      'a member',
      loadBalancer({
        pools: [pool(1, { members: [member(1, { provisioning_status: ProvisioningStatus.PendingDelete })] })],
      }),
    ],
    [
      'an L7 policy',
      loadBalancer({
        listeners: [
          listener(1, { l7policies: [policy(1, { provisioning_status: ProvisioningStatus.PendingUpdate })] }),
        ],
      }),
    ],
  ])('is true when %s is pending', (_what, graph) => {
    expect(hasPendingChanges(graph)).toBe(true);
  });
});

describe('changedStatuses', () => {
  const { Online, Offline, Degraded } = OperatingStatus;
  const recorded = loadBalancer({
    operating_status: Online,
    listeners: [listener(1, { operating_status: Online })],
    pools: [
      pool(1, {
        operating_status: Online,
        healthmonitor: monitor({ operating_status: Online }),
        members: [member(1, { operating_status: Online }), member(2, { operating_status: Online })],
      }),
    ],
  });
  const [lb, l1, p1, hm, m1, m2] = [
    recorded,
    recorded.listeners[0],
    recorded.pools[0],
    recorded.pools[0].healthmonitor!,
    ...recorded.pools[0].members,
  ];
  const report = (...changes: [{ id: string }, OperatingStatus][]): ObjectStatus[] =>
    changes.map(([object, operating_status]) => ({ type: 'member', id: object.id, operating_status }));

  it('sends nothing when haproxy agrees with what the server recorded', () => {
    const same = report([lb, Online], [l1, Online], [p1, Online], [hm, Online], [m1, Online], [m2, Online]);
    expect(changedStatuses(recorded, same)).toEqual([]);
  });

  it('sends only the objects whose status moved', () => {
    const moved = report(
      [lb, Online],
      [l1, Degraded],
      [p1, Degraded],
      [hm, Online],
      [m1, Online],
      [m2, Offline],
    );
    expect(changedStatuses(recorded, moved).map((s) => [s.id, s.operating_status])).toEqual([
      [l1.id, Degraded],
      [p1.id, Degraded],
      [m2.id, Offline],
    ]);
  });

  it('sends everything to a server whose graph carries no statuses (contract 1.1)', () => {
    const statuses = report([lb, Online], [m1, Online]);
    expect(changedStatuses(loadBalancer(), statuses)).toEqual(statuses);
  });

  it('sends an object the graph does not know', () => {
    const statuses = report([{ id: 'not-in-the-graph' }, Online]);
    expect(changedStatuses(recorded, statuses)).toEqual(statuses);
  });
});
