import { OperatingStatus } from '@lbaas/contracts';
import { type StatRow, StatRowType } from './show-stat';
import { memberOperatingStatus, poolOperatingStatus, rollUpStatuses } from './status-rollup';
import { fixtureId, listener, loadBalancer, member, pool } from './testing/graph-fixtures';

const { Online, Offline, Degraded, Error, NoMonitor, Disabled } = OperatingStatus;

function row(type: StatRowType, pxname: string, svname: string, status: string): StatRow {
  return { type, pxname, svname, status, scur: 0, stot: 0, bin: 0, bout: 0, ereq: 0, checkStatus: '' };
}

describe('memberOperatingStatus', () => {
  it.each([
    ['UP', Online],
    ['UP 1/3', Online],
    ['DRAIN', Online],
    ['DOWN', Offline],
    ['DOWN 1/2', Offline],
    ['no check', NoMonitor],
    ['MAINT', Disabled],
    ['MAINT (via x/y)', Disabled],
    [undefined, Offline],
  ])('%s -> %s', (status, expected) => {
    expect(memberOperatingStatus(status)).toBe(expected);
  });
});

describe('poolOperatingStatus', () => {
  it.each([
    [[], Offline],
    [[Online, NoMonitor], Online],
    [[Online, Offline], Degraded],
    [[Offline, Offline], Error],
    [[Online, Disabled], Online],
    [[Disabled], Online],
  ])('%j -> %s', (members, expected) => {
    expect(poolOperatingStatus(members)).toBe(expected);
  });
});

describe('rollUpStatuses', () => {
  const POOL = fixtureId('pool', 1);
  const LISTENER = fixtureId('listener', 1);
  const graph = loadBalancer();
  const statusOf = (statuses: ReturnType<typeof rollUpStatuses>, id: string) =>
    statuses.find((s) => s.id === id)?.operating_status;

  it('is ONLINE throughout when every member is UP', () => {
    const statuses = rollUpStatuses(graph, [
      row(StatRowType.Frontend, LISTENER, 'FRONTEND', 'OPEN'),
      row(StatRowType.Server, POOL, fixtureId('member', 1), 'UP'),
      row(StatRowType.Server, POOL, fixtureId('member', 2), 'UP'),
    ]);
    expect(statuses.every((s) => s.operating_status === Online)).toBe(true);
    expect(statuses.map((s) => s.type).sort()).toEqual([
      'listener',
      'loadbalancer',
      'member',
      'member',
      'pool',
    ]);
  });

  it('shows a DOWN member OFFLINE and the pool, listener and load balancer DEGRADED', () => {
    const statuses = rollUpStatuses(graph, [
      row(StatRowType.Frontend, LISTENER, 'FRONTEND', 'OPEN'),
      row(StatRowType.Server, POOL, fixtureId('member', 1), 'DOWN'),
      row(StatRowType.Server, POOL, fixtureId('member', 2), 'UP'),
    ]);
    expect(statusOf(statuses, fixtureId('member', 1))).toBe(Offline);
    expect(statusOf(statuses, POOL)).toBe(Degraded);
    expect(statusOf(statuses, LISTENER)).toBe(Degraded);
    expect(statusOf(statuses, graph.id)).toBe(Degraded);
  });

  it('shows a listener OFFLINE when haproxy has no open frontend for it', () => {
    const statuses = rollUpStatuses(graph, []);
    expect(statusOf(statuses, LISTENER)).toBe(Offline);
    expect(statusOf(statuses, graph.id)).toBe(Degraded);
  });

  it('shows a pool without members OFFLINE, and the load balancer still ONLINE', () => {
    const empty = loadBalancer({ pools: [pool(1, { members: [] })] });
    const statuses = rollUpStatuses(empty, [row(StatRowType.Frontend, LISTENER, 'FRONTEND', 'OPEN')]);
    expect(statusOf(statuses, POOL)).toBe(Offline);
    expect(statusOf(statuses, LISTENER)).toBe(Online);
    expect(statusOf(statuses, empty.id)).toBe(Online);
  });

  it('shows admin-down objects DISABLED, and an admin-down load balancer OFFLINE', () => {
    const down = loadBalancer({
      admin_state_up: false,
      listeners: [listener(1, { admin_state_up: false })],
      pools: [pool(1, { members: [member(1, { admin_state_up: false })] })],
    });
    const statuses = rollUpStatuses(down, []);
    expect(statusOf(statuses, fixtureId('member', 1))).toBe(Disabled);
    expect(statusOf(statuses, LISTENER)).toBe(Disabled);
    expect(statusOf(statuses, down.id)).toBe(Offline);
  });
});
