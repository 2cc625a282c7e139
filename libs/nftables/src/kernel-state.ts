/**
 * What the kernel holds for a load balancer's UDP listeners, parsed (pure): the table as
 * `nft -j list table inet lbaas` prints it, and the flows as `conntrack -L` prints them.
 */
import { type TrafficStats } from '@lbaas/haproxy';
import { type ListenerGraph } from '@lbaas/contracts';
import { listenerCounterNames, objectKey } from './udp-ruleset';

export interface NftTableState {
  /** Object keys (`counter in_…`, `map persist_…`, `ct timeout timeout_…`). */
  objects: Set<string>;
  chains: Set<string>;
  ruleCount: number;
  counters: Map<string, { packets: number; bytes: number }>;
}

const OBJECT_KINDS = ['counter', 'map', 'set', 'ct timeout'] as const;

export class NftListingError extends Error {}

export function parseNftTable(json: string): NftTableState {
  let items: unknown;
  try {
    items = (JSON.parse(json) as { nftables?: unknown }).nftables;
  } catch {
    throw new NftListingError('nft did not print JSON');
  }
  if (!Array.isArray(items)) throw new NftListingError('nft JSON lacks the "nftables" array');
  const state: NftTableState = { objects: new Set(), chains: new Set(), ruleCount: 0, counters: new Map() };
  for (const item of items as Record<string, Record<string, unknown>>[]) {
    for (const kind of OBJECT_KINDS) {
      const object = item[kind];
      if (!object || typeof object.name !== 'string') continue;
      state.objects.add(objectKey(kind, object.name));
      if (kind === 'counter')
        state.counters.set(object.name, {
          packets: Number(object.packets ?? 0),
          bytes: Number(object.bytes ?? 0),
        });
    }
    if (item.chain && typeof item.chain.name === 'string') state.chains.add(item.chain.name);
    if (item.rule) state.ruleCount += 1;
  }
  return state;
}

/**
 * Flows per original destination (`address port`) from `conntrack -L -p udp` lines: the first dst= and
 * dport= of a line are the client's view (the second pair is the reply's).
 */
export function udpFlowsByDestination(conntrackListing: string): Map<string, number> {
  const flows = new Map<string, number>();
  for (const line of conntrackListing.split('\n')) {
    const destination = /\bdst=(\S+)/.exec(line)?.[1];
    const port = /\bdport=(\d+)/.exec(line)?.[1];
    if (!destination || !port) continue;
    const key = `${destination} ${port}`;
    flows.set(key, (flows.get(key) ?? 0) + 1);
  }
  return flows;
}

/**
 * A UDP listener's statistics: datagram bytes each way and flows from the table's counters, active
 * flows from conntrack. Request errors: none (UDP has no requests to get wrong).
 */
export function udpListenerStats(
  listener: Pick<ListenerGraph, 'id' | 'protocol_port'>,
  vipAddresses: string[],
  table: NftTableState,
  flows: ReadonlyMap<string, number>,
): TrafficStats {
  const names = listenerCounterNames(listener.id);
  const counter = (name: string) => table.counters.get(name) ?? { packets: 0, bytes: 0 };
  return {
    bytes_in: counter(names.in).bytes,
    bytes_out: counter(names.out).bytes,
    active_connections: vipAddresses.reduce(
      (sum, address) => sum + (flows.get(`${address} ${listener.protocol_port}`) ?? 0),
      0,
    ),
    total_connections: counter(names.flows).packets,
    request_errors: 0,
  };
}
