import type { ApiClient } from '../../test/support/api';
import { httpLoadBalancerBody } from '../../test/support/lb-fixtures';
import { sleep } from '../lib/host-tools';
import type { Ledger } from './ledger';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LB_PATH = '/v2.0/lbaas/loadbalancers';
/** Members point at the test hosts on ports nothing listens on: the soak changes them, traffic goes elsewhere. */
const MEMBER_HOSTS = ['198.51.100.11', '198.51.100.12'];
const MAX_OWN_LOAD_BALANCERS = 3;

export interface WorkloadCounts {
  operations: number;
  refused: number;
  unanswered: number;
}

function pick<T>(values: readonly T[]): T {
  return values[Math.floor(Math.random() * values.length)];
}

/**
 * One API client of the soak: creates load balancers (listener, pool, members, monitor in one call),
 * adds, re-weights and removes members, deletes load balancers, each write after the load balancer is
 * ACTIVE again (as a client must). Every answer in the 2xx range goes into the ledger.
 */
export class SoakClient {
  private readonly own: string[] = [];
  readonly counts: WorkloadCounts = { operations: 0, refused: 0, unanswered: 0 };

  constructor(
    private readonly api: ApiClient,
    private readonly subnetId: string,
    private readonly ledger: Ledger,
    private readonly name: string,
  ) {}

  async run(until: () => boolean): Promise<void> {
    while (!until()) {
      try {
        await this.step();
      } catch {
        // The server or its database is away (a fault): try again shortly.
        await sleep(1000);
      }
    }
  }

  private async step(): Promise<void> {
    const lbId = this.own.length > 0 ? pick(this.own) : undefined;
    const action =
      !lbId || (this.own.length < MAX_OWN_LOAD_BALANCERS && Math.random() < 0.3)
        ? 'create'
        : pick(['add member', 'add member', 'weight', 'weight', 'delete member', 'delete lb'] as const);
    if (action === 'create') return this.create();
    if (!lbId || !(await this.waitActive(lbId))) return;
    const lb = this.ledger.loadBalancers.get(lbId);
    if (!lb) return;
    const members = [...lb.members.values()].filter((m) => !m.deleted);
    switch (action) {
      case 'add member': {
        const port = 20_000 + Math.floor(Math.random() * 20_000);
        const body = await this.write(
          'post',
          `/v2.0/lbaas/pools/${lb.poolId}/members`,
          { member: { address: pick(MEMBER_HOSTS), protocol_port: port } },
          lbId,
        );
        if (body) this.ledger.addedMember(lbId, body.member.id as string, 1);
        return;
      }
      case 'weight': {
        if (members.length === 0) return;
        const member = pick(members);
        const weight = 1 + Math.floor(Math.random() * 10);
        const body = await this.write(
          'put',
          `/v2.0/lbaas/pools/${lb.poolId}/members/${member.id}`,
          { member: { weight } },
          lbId,
        );
        if (body) this.ledger.changedWeight(lbId, member.id, weight);
        return;
      }
      case 'delete member': {
        if (members.length <= 1) return;
        const member = pick(members);
        if (
          await this.write('delete', `/v2.0/lbaas/pools/${lb.poolId}/members/${member.id}`, undefined, lbId)
        )
          this.ledger.deletedMember(lbId, member.id);
        return;
      }
      case 'delete lb': {
        if (await this.write('delete', `${LB_PATH}/${lbId}?cascade=true`, undefined, lbId)) {
          this.ledger.deletedLoadBalancer(lbId);
          this.own.splice(this.own.indexOf(lbId), 1);
        }
        return;
      }
    }
  }

  private async create(): Promise<void> {
    const tree = httpLoadBalancerBody(
      this.subnetId,
      [pick(MEMBER_HOSTS)],
      `${this.name}-${this.counts.operations}`,
    );
    const treePool = tree.loadbalancer.listeners[0].default_pool as Json;
    treePool.members[0].protocol_port = 10_000;
    treePool.healthmonitor = { type: 'TCP', delay: 5, timeout: 3, max_retries: 3 };
    const body = await this.write('post', LB_PATH, tree);
    if (!body) return;
    const lbId = body.loadbalancer.id as string;
    // The ids of the pool and member the single call made (a read: the write is already accepted).
    const pools = await this.readRetrying(`/v2.0/lbaas/pools?loadbalancer_id=${lbId}`);
    const pool = (pools.pools as Json[])[0];
    const members = await this.readRetrying(`/v2.0/lbaas/pools/${pool.id as string}/members`);
    this.ledger.createdLoadBalancer(
      lbId,
      pool.id as string,
      (members.members as Json[]).map((m) => ({ id: m.id as string, weight: m.weight as number })),
    );
    this.own.push(lbId);
  }

  /** The body of a 2xx answer (true for 204), or undefined when the write was refused or unanswered. */
  private async write(
    method: 'post' | 'put' | 'delete',
    path: string,
    body?: Json,
    lbId?: string,
  ): Promise<Json | undefined> {
    this.counts.operations++;
    try {
      const response =
        method === 'delete' ? await this.api.delete<Json>(path) : await this.api[method]<Json>(path, body);
      if (response.status >= 200 && response.status < 300) return response.body ?? {};
      this.counts.refused++;
      return undefined;
    } catch {
      this.counts.unanswered++;
      this.ledger.unanswered(lbId);
      return undefined;
    }
  }

  private async readRetrying(path: string): Promise<Json> {
    for (;;) {
      try {
        const response = await this.api.get<Json>(path);
        if (response.status === 200) return response.body;
      } catch {
        // a fault: retry
      }
      await sleep(1000);
    }
  }

  /** Waits (up to a minute) for the load balancer to be ACTIVE; false if it is not (ERROR, or a fault). */
  private async waitActive(lbId: string): Promise<boolean> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        const status = (await this.api.get<Json>(`${LB_PATH}/${lbId}`)).body?.loadbalancer
          ?.provisioning_status as string | undefined;
        if (status === 'ACTIVE') return true;
        if (status === 'ERROR') return false;
      } catch {
        // a fault: keep waiting
      }
      await sleep(500);
    }
    return false;
  }
}
