/**
 * graph -> the nftables rules that load-balance a load balancer's UDP listeners in its namespace (seed
 * 004's LVS-NAT done by nf_tables: DNAT to a member chosen by numgen or jhash, source NAT so replies come
 * back through the namespace). Pure: no I/O. Only ids, addresses, ports and numbers reach the text, each
 * checked again here.
 *
 * Everything lives in one table of the namespace (`inet lbaas`), never anywhere else. Named objects
 * (counters, persistence maps, conntrack timeout policies) survive a change: re-declaring one keeps its
 * counts and elements, so statistics keep counting and clients keep their member.
 */
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import {
  type ListenerGraph,
  liveObjects,
  type LoadBalancerGraph,
  type MemberGraph,
  type PoolGraph,
  UDP_PERSISTENCE_DEFAULTS,
} from '@lbaas/contracts';

export const UDP_TABLE_FAMILY = 'inet';
export const UDP_TABLE_NAME = 'lbaas';
const TABLE = `${UDP_TABLE_FAMILY} ${UDP_TABLE_NAME}`;

/** The base chains, hooked where each step must happen. */
export const UDP_CHAINS = {
  /** After conntrack made the flow's entry: allowed_cidrs, and the flow's conntrack timeouts. */
  admission: 'type filter hook prerouting priority -150; policy accept;',
  /** The first datagram of a flow picks its member. */
  dnat: 'type nat hook prerouting priority dstnat; policy accept;',
  /** Only load-balanced flows cross the namespace: it routes nothing else. Counts bytes both ways. */
  forward: 'type filter hook forward priority filter; policy drop;',
  /** Replies must come back through the namespace: members see the VIP as the client. */
  snat: 'type nat hook postrouting priority srcnat; policy accept;',
} as const;
export type UdpChain = keyof typeof UDP_CHAINS;

/** A chain's name in the table (plain `dnat` or `forward` would be nft keywords). */
export function chainName(chain: UdpChain): string {
  return `lb_${chain}`;
}

export type NftObjectKind = 'counter' | 'map' | 'ct timeout';

/** A named object of the table; `key` (kind and name) is how a listing names it too. */
export interface NftObject {
  kind: NftObjectKind;
  name: string;
  body: string[];
}

export function objectKey(kind: string, name: string): string {
  return `${kind} ${name}`;
}

export interface UdpRuleset {
  objects: NftObject[];
  rules: Record<UdpChain, string[]>;
  /** Where each listener sends new flows, per address family. */
  targets: UdpTarget[];
}

/** A listener's VIPs of one family and the members (`address port`) that take its new flows. */
export interface UdpTarget {
  listenerId: string;
  family: 4 | 6;
  vips: string[];
  port: number;
  members: string[];
}

/**
 * Conntrack entries a change leaves pointing the wrong way: flows pinned to a member that no longer
 * takes them (its clients would keep sending into the void as long as they reuse their port), and flows
 * that came while no member served (answered by the namespace itself, never load-balanced). Deleting
 * them lets the next datagram pick a member; flows to members that stay are untouched.
 */
export interface StaleFlows {
  family: 4 | 6;
  /** The entry's reply comes from here: a member, or the VIP itself for flows that were not NATed. */
  replySource: string;
  replySourcePort?: number;
  /** Only flows to this VIP and port (for the not-NATed ones). */
  destination?: { address: string; port: number };
}

export function staleFlows(previous: UdpRuleset | undefined, next: UdpRuleset | undefined): StaleFlows[] {
  const stale: StaleFlows[] = [];
  const key = (t: UdpTarget) => `${t.listenerId} ${t.family}`;
  const before = new Map((previous?.targets ?? []).map((t) => [key(t), t]));
  const now = new Map((next?.targets ?? []).map((t) => [key(t), t]));
  const kept = new Set([...now.values()].flatMap((t) => t.members.map((m) => `${t.family} ${m}`)));
  const gone = new Set<string>();
  for (const target of before.values()) {
    for (const member of target.members) {
      const id = `${target.family} ${member}`;
      if (kept.has(id) || gone.has(id)) continue;
      gone.add(id);
      const [address, port] = member.split(' ');
      stale.push({ family: target.family, replySource: address, replySourcePort: Number(port) });
    }
  }
  for (const target of now.values()) {
    if (target.members.length === 0 || (before.get(key(target))?.members.length ?? 0) > 0) continue;
    for (const vip of target.vips)
      stale.push({
        family: target.family,
        replySource: vip,
        destination: { address: vip, port: target.port },
      });
  }
  return stale;
}

/** Members each pool's health checks show serving (pool id -> member ids). */
export type ServingMembers = ReadonlyMap<string, ReadonlySet<string>>;

type Family = 4 | 6;
const IP: Record<Family, string> = { 4: 'ip', 6: 'ip6' };
const ADDRESS_TYPE: Record<Family, string> = { 4: 'ipv4_addr', 6: 'ipv6_addr' };

/** Names of the per-listener counters (bytes each way, flows), as the stats reader finds them. */
export function listenerCounterNames(listenerId: string): { in: string; out: string; flows: string } {
  return { in: `in_${listenerId}`, out: `out_${listenerId}`, flows: `flows_${listenerId}` };
}

function checkedId(id: string): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`${JSON.stringify(id)} is not an id for an nftables name`);
  return id;
}

function checkedAddress(address: string, family: Family): string {
  if (family === 4 ? !isIPv4(address) : !isIPv6(address))
    throw new Error(`${JSON.stringify(address)} is not an IPv${family} address`);
  return address;
}

function checkedCidr(cidr: string): { cidr: string; family: Family } {
  const [address, prefix, ...rest] = cidr.split('/');
  const family: Family = isIPv6(address) ? 6 : 4;
  checkedAddress(address, family);
  if (rest.length > 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix)))
    throw new Error(`${JSON.stringify(cidr)} is not a CIDR`);
  return { cidr, family };
}

function checkedPort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${port} is not a port`);
  return port;
}

function familyOf(address: string): Family {
  return isIPv6(address) ? 6 : 4;
}

/** An IPv4 netmask as persistence_granularity gives it; anything else (or IPv6) groups nothing. */
function granularityMask(granularity: string | null | undefined, family: Family): string | undefined {
  if (family !== 4 || !granularity || granularity === '255.255.255.255') return undefined;
  checkedAddress(granularity, 4);
  const bits = granularity
    .split('.')
    .map((octet) => Number(octet).toString(2).padStart(8, '0'))
    .join('');
  if (!/^1*0*$/.test(bits)) throw new Error(`${granularity} is not a netmask`);
  return granularity;
}

/** Conntrack timeouts of a listener's flows, in whole seconds (at least one). */
function flowTimeouts(listener: ListenerGraph): { unreplied: number; replied: number } {
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
  return {
    unreplied: seconds(listener.timeout_member_connect),
    replied: seconds(listener.timeout_client_data),
  };
}

function shortHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}

/**
 * Members new flows go to: the serving ones with a weight, and the backup members only when no other
 * serves (haproxy's meaning of `backup`).
 */
function activeMembers(pool: PoolGraph, serving: ReadonlySet<string>, family: Family): MemberGraph[] {
  const candidates = pool.members.filter(
    (m) => m.admin_state_up && m.weight > 0 && serving.has(m.id) && familyOf(m.address) === family,
  );
  const primary = candidates.filter((m) => !m.backup);
  return primary.length > 0 ? primary : candidates.filter((m) => m.backup);
}

/**
 * `numgen inc mod N map { 0-2 : m1 . port, 3 : m2 . port }`: each member owns as many of the N slots as
 * its weight. ROUND_ROBIN counts through them; SOURCE_IP(_PORT) hashes the client into one (a fixed seed
 * per pool, so a change elsewhere moves no client).
 */
function memberSelector(pool: PoolGraph, members: MemberGraph[], family: Family): string {
  const total = members.reduce((sum, m) => sum + m.weight, 0);
  let next = 0;
  const slots = members.map((m) => {
    const first = next;
    next += m.weight;
    const range = m.weight === 1 ? `${first}` : `${first}-${next - 1}`;
    return `${range} : ${checkedAddress(m.address, family)} . ${checkedPort(m.protocol_port)}`;
  });
  const seed = `0x${pool.id.replace(/-/g, '').slice(0, 8)}`;
  const ip = IP[family];
  const source =
    pool.lb_algorithm === 'SOURCE_IP'
      ? `jhash ${ip} saddr mod ${total} seed ${seed}`
      : pool.lb_algorithm === 'SOURCE_IP_PORT'
        ? `jhash ${ip} saddr . udp sport mod ${total} seed ${seed}`
        : `numgen inc mod ${total}`;
  return `${source} map { ${slots.join(', ')} }`;
}

/** The ruleset of the load balancer's UDP listeners; undefined when it has none (no table at all). */
export function udpRuleset(graph: LoadBalancerGraph, serving: ServingMembers): UdpRuleset | undefined {
  const listeners = liveObjects(graph.listeners)
    .filter((l) => l.protocol === 'UDP')
    .sort((a, b) => a.protocol_port - b.protocol_port);
  if (listeners.length === 0) return undefined;
  const pools = new Map(liveObjects(graph.pools).map((p) => [p.id, p]));
  const vips = [graph.vip, ...(graph.vip.additional_addresses ?? [])];
  const families = ([4, 6] as Family[]).filter((f) => vips.some((v) => v.ip_version === f));
  const objects: NftObject[] = [];
  const rules: Record<UdpChain, string[]> = { admission: [], dnat: [], forward: [], snat: [] };
  const targets: UdpTarget[] = [];

  for (const listener of listeners) {
    const id = checkedId(listener.id);
    const port = checkedPort(listener.protocol_port);
    const counters = listenerCounterNames(id);
    for (const name of [counters.in, counters.out, counters.flows])
      objects.push({ kind: 'counter', name, body: [] });
    if (!graph.admin_state_up || !listener.admin_state_up) continue;
    const pool = listener.default_pool_id ? pools.get(listener.default_pool_id) : undefined;
    const cidrs = listener.allowed_cidrs.map(checkedCidr);
    const timeouts = flowTimeouts(listener);
    for (const family of families) {
      const ip = IP[family];
      const addresses = vips
        .filter((v) => v.ip_version === family)
        .map((v) => checkedAddress(v.address, family));
      const match = `${ip} daddr { ${addresses.join(', ')} } udp dport ${port}`;
      const original = `ct original ${ip} daddr { ${addresses.join(', ')} } meta l4proto udp ct original proto-dst ${port}`;
      if (listener.allowed_cidrs.length > 0) {
        const allowed = cidrs.filter((c) => c.family === family).map((c) => c.cidr);
        rules.admission.push(
          allowed.length > 0 ? `${match} ${ip} saddr != { ${allowed.join(', ')} } drop` : `${match} drop`,
        );
      }
      const timeoutName = `timeout_${id}_v${family}`;
      objects.push({
        kind: 'ct timeout',
        name: timeoutName,
        body: [
          'protocol udp',
          `l3proto ${ip}`,
          `policy = { unreplied : ${timeouts.unreplied}, replied : ${timeouts.replied} }`,
        ],
      });
      rules.admission.push(`${match} ct timeout set "${timeoutName}"`);
      rules.dnat.push(`${match} counter name "${counters.flows}"`);
      const members =
        pool && pool.admin_state_up ? activeMembers(pool, serving.get(pool.id) ?? new Set(), family) : [];
      targets.push({
        listenerId: id,
        family,
        vips: addresses,
        port,
        members: members.map((m) => `${m.address} ${m.protocol_port}`),
      });
      // No member to take it: the datagram stays in the namespace, whose kernel answers port unreachable.
      if (!pool || members.length === 0) continue;
      const persistence = pool.session_persistence?.type === 'SOURCE_IP' ? pool.session_persistence : null;
      if (persistence) {
        const timeout = persistence.persistence_timeout ?? UDP_PERSISTENCE_DEFAULTS.timeoutSeconds;
        if (!Number.isInteger(timeout) || timeout < 1)
          throw new Error(`persistence_timeout ${timeout} is not a number of seconds`);
        const mask = granularityMask(persistence.persistence_granularity, family);
        const client = mask ? `${ip} saddr & ${mask}` : `${ip} saddr`;
        // A new map whenever the members change: a client must not stick to a member that left.
        const map = `persist_${id}_v${family}_${shortHash([members.map((m) => [m.address, m.protocol_port]), timeout, mask])}`;
        objects.push({
          kind: 'map',
          name: map,
          body: [
            `type ${ADDRESS_TYPE[family]} : ${ADDRESS_TYPE[family]} . inet_service`,
            'flags dynamic,timeout',
            `timeout ${timeout}s`,
          ],
        });
        rules.dnat.push(`${match} ${client} @${map} dnat ${ip} to ${client} map @${map}`);
        rules.forward.push(
          `ct status dnat ct direction original ${original} update @${map} { ${client} : ${ip} daddr . udp dport }`,
        );
      }
      rules.dnat.push(`${match} dnat ${ip} to ${memberSelector(pool, members, family)}`);
      rules.forward.push(`ct status dnat ct direction original ${original} counter name "${counters.in}"`);
      rules.forward.push(`ct status dnat ct direction reply ${original} counter name "${counters.out}"`);
    }
  }
  for (const family of families) {
    const ip = IP[family];
    const addresses = vips.filter((v) => v.ip_version === family).map((v) => v.address);
    rules.snat.push(`ct status dnat ct original ${ip} daddr { ${addresses.join(', ')} } masquerade`);
  }
  rules.forward.push('ct status dnat accept');
  return { objects, rules, targets };
}

/**
 * One `nft -f` transaction from the table as it is (the keys of its objects; undefined: no table) to the
 * ruleset: objects declared (existing ones keep their counts and elements), every base chain emptied and
 * filled again, objects nothing uses any more deleted. Without a ruleset, the table goes.
 */
export function udpTransaction(
  ruleset: UdpRuleset | undefined,
  existing: ReadonlySet<string> | undefined,
): string {
  if (!ruleset) return existing ? `delete table ${TABLE}\n` : '';
  const lines = [`table ${TABLE} {`];
  for (const object of ruleset.objects) {
    lines.push(`  ${object.kind} ${object.name} {`, ...object.body.map((line) => `    ${line}`), '  }');
  }
  for (const [chain, hook] of Object.entries(UDP_CHAINS))
    lines.push(`  chain ${chainName(chain as UdpChain)} {`, `    ${hook}`, '  }');
  lines.push('}');
  for (const chain of Object.keys(UDP_CHAINS) as UdpChain[])
    lines.push(`flush chain ${TABLE} ${chainName(chain)}`);
  lines.push(`table ${TABLE} {`);
  for (const [chain, rules] of Object.entries(ruleset.rules) as [UdpChain, string[]][]) {
    if (rules.length === 0) continue;
    lines.push(`  chain ${chainName(chain)} {`, ...rules.map((rule) => `    ${rule}`), '  }');
  }
  lines.push('}');
  const wanted = new Set(ruleset.objects.map((o) => objectKey(o.kind, o.name)));
  for (const key of [...(existing ?? [])].sort()) {
    if (!wanted.has(key)) lines.push(`delete ${key.replace(/ (\S+)$/, ` ${TABLE} $1`)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The rules the table holds when it matches the ruleset: the reconcile loop repairs a table that lost any. */
export function udpRuleCount(ruleset: UdpRuleset): number {
  return Object.values(ruleset.rules).reduce((sum, rules) => sum + rules.length, 0);
}
