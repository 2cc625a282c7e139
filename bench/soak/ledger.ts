/**
 * What the API accepted during a soak, and whether the end state keeps it (pure). Only answers in the 2xx
 * range count as accepted; a write whose answer never came (the server restarting) is unknown and
 * counted apart, never as lost.
 */

export interface MemberRecord {
  id: string;
  weight: number;
  deleted: boolean;
}

export interface LoadBalancerRecord {
  id: string;
  poolId: string;
  deleted: boolean;
  /** A write to it went unanswered: whether it took effect is unknown, so it is not judged. */
  uncertain: boolean;
  members: Map<string, MemberRecord>;
}

/** The end state as the database holds it (and, for ACTIVE ones, as haproxy's config renders it). */
export interface ObservedLoadBalancer {
  provisioningStatus: string;
  /** Member id -> weight, from the database. */
  members: Map<string, number>;
  /** Member id -> weight from the haproxy config of the hosting agent; undefined when not read (not ACTIVE). */
  haproxyMembers?: Map<string, number>;
}

export interface LedgerVerdict {
  accepted: number;
  /** Load balancers not judged: a write to them went unanswered. */
  uncertain: number;
  /** Accepted writes the end state does not show (in the database or, for ACTIVE ones, in haproxy). */
  lost: string[];
  /** Accepted writes whose load balancer ended in ERROR: reported as failed, not lost. */
  reportedFailed: number;
}

export class Ledger {
  readonly loadBalancers = new Map<string, LoadBalancerRecord>();
  accepted = 0;
  unknown = 0;

  createdLoadBalancer(id: string, poolId: string, members: { id: string; weight: number }[]): void {
    this.accepted++;
    this.loadBalancers.set(id, {
      id,
      poolId,
      deleted: false,
      uncertain: false,
      members: new Map(members.map((m) => [m.id, { ...m, deleted: false }])),
    });
  }

  addedMember(lbId: string, id: string, weight: number): void {
    this.accepted++;
    this.loadBalancers.get(lbId)?.members.set(id, { id, weight, deleted: false });
  }

  changedWeight(lbId: string, id: string, weight: number): void {
    this.accepted++;
    const member = this.loadBalancers.get(lbId)?.members.get(id);
    if (member) member.weight = weight;
  }

  deletedMember(lbId: string, id: string): void {
    this.accepted++;
    const member = this.loadBalancers.get(lbId)?.members.get(id);
    if (member) member.deleted = true;
  }

  deletedLoadBalancer(lbId: string): void {
    this.accepted++;
    const lb = this.loadBalancers.get(lbId);
    if (lb) lb.deleted = true;
  }

  /** A write sent without an answer (connection lost, timeout): it may or may not have been taken. */
  unanswered(lbId?: string): void {
    this.unknown++;
    const lb = lbId ? this.loadBalancers.get(lbId) : undefined;
    if (lb) lb.uncertain = true;
  }

  /** Compares every accepted write with the end state (`observed` by load balancer id; absent: gone). */
  verdict(observed: ReadonlyMap<string, ObservedLoadBalancer>): LedgerVerdict {
    const lost: string[] = [];
    let reportedFailed = 0;
    let uncertain = 0;
    for (const lb of this.loadBalancers.values()) {
      if (lb.uncertain) {
        uncertain += 1;
        continue;
      }
      const seen = observed.get(lb.id);
      if (lb.deleted) {
        if (seen) lost.push(`load balancer ${lb.id} was deleted but is ${seen.provisioningStatus}`);
        continue;
      }
      if (!seen) {
        lost.push(`load balancer ${lb.id} is gone`);
        continue;
      }
      if (seen.provisioningStatus === 'ERROR') {
        reportedFailed += 1;
        continue;
      }
      for (const member of lb.members.values()) {
        const where = `member ${member.id} of ${lb.id}`;
        for (const [source, weights] of [
          ['database', seen.members],
          ['haproxy', seen.haproxyMembers],
        ] as const) {
          if (!weights) continue;
          const weight = weights.get(member.id);
          if (member.deleted && weight !== undefined)
            lost.push(`${where} was deleted but is in the ${source}`);
          if (!member.deleted && weight !== member.weight)
            lost.push(`${where}: weight ${member.weight} accepted, ${weight ?? 'absent'} in the ${source}`);
        }
      }
    }
    return { accepted: this.accepted, uncertain, lost, reportedFailed };
  }
}

/** Member id -> weight of the `server <id> <address>:<port> weight <n>` lines of a haproxy config. */
export function haproxyServerWeights(config: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const match of config.matchAll(/^\s*server ([0-9a-f-]{36}) \S+ weight (\d+)/gm))
    weights.set(match[1], Number(match[2]));
  return weights;
}

/** A time window in ms since the epoch. */
export interface Window {
  start: number;
  end: number;
}

/** The failures (times in ms) that fall in none of the windows. */
export function failuresOutside(failures: number[], windows: Window[]): number[] {
  return failures.filter((at) => !windows.some((w) => at >= w.start && at <= w.end));
}
