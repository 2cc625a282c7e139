/**
 * IP address management arithmetic for the standalone networking subset (no I/O): CIDRs, gateways,
 * allocation pools, picking a free address, VIP MAC addresses.
 */
import ipaddr from 'ipaddr.js';

export type IpVersion = 4 | 6;

export interface AllocationPool {
  start: string;
  end: string;
}

/** A value that breaks an addressing rule; `field` names the attribute for the 400 answer. */
export class IpamError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ParsedCidr {
  /** Normalised text, e.g. `198.51.100.0/24`, `2001:db8::/64`. */
  cidr: string;
  version: IpVersion;
  prefix: number;
  first: bigint;
  last: bigint;
}

function bitsOf(version: IpVersion): number {
  return version === 4 ? 32 : 128;
}

function toBigInt(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

function fromBigInt(value: bigint, version: IpVersion): string {
  const bytes: number[] = [];
  for (let i = 0; i < bitsOf(version) / 8; i++) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** Parses an IP address into its version and numeric value, or throws IpamError for `field`. */
export function parseAddress(
  address: string,
  field: string,
): { version: IpVersion; value: bigint; text: string } {
  if (
    typeof address !== 'string' ||
    !ipaddr.isValid(address) ||
    !(ipaddr.IPv4.isValidFourPartDecimal(address) || address.includes(':'))
  ) {
    throw new IpamError(field, `${field} must be an IPv4 or IPv6 address, got "${String(address)}"`);
  }
  const parsed = ipaddr.parse(address);
  const version: IpVersion = parsed.kind() === 'ipv4' ? 4 : 6;
  const value = toBigInt(parsed);
  return { version, value, text: fromBigInt(value, version) };
}

export function parseCidr(cidr: string, field = 'cidr'): ParsedCidr {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(cidr);
  } catch {
    throw new IpamError(field, `${field} must be a CIDR such as 198.51.100.0/24, got "${cidr}"`);
  }
  const [address, prefix] = parsed;
  const version: IpVersion = address.kind() === 'ipv4' ? 4 : 6;
  const bits = bitsOf(version);
  const hostBits = BigInt(bits - prefix);
  const value = toBigInt(address);
  const first = (value >> hostBits) << hostBits;
  if (first !== value) {
    throw new IpamError(
      field,
      `${field} ${cidr} has host bits set; the network is ${fromBigInt(first, version)}/${prefix}`,
    );
  }
  const minPrefix = version === 4 ? 30 : 126;
  if (prefix > minPrefix)
    throw new IpamError(field, `${field} prefix must be /${minPrefix} or shorter to hold addresses`);
  return {
    cidr: `${fromBigInt(first, version)}/${prefix}`,
    version,
    prefix,
    first,
    last: first + (1n << hostBits) - 1n,
  };
}

/** The first and last address a host may use: IPv4 leaves out the network and broadcast addresses. */
function hostRange(subnet: ParsedCidr): [bigint, bigint] {
  return subnet.version === 4 ? [subnet.first + 1n, subnet.last - 1n] : [subnet.first + 1n, subnet.last];
}

export function isInSubnet(address: string, subnet: ParsedCidr): boolean {
  const { version, value } = parseAddress(address, 'address');
  return version === subnet.version && value >= subnet.first && value <= subnet.last;
}

/** neutron's default gateway: the first host address. */
export function defaultGateway(subnet: ParsedCidr): string {
  return fromBigInt(subnet.first + 1n, subnet.version);
}

/** Checks a gateway given by the user; returns it normalised. */
export function checkGateway(gateway: string, subnet: ParsedCidr): string {
  const { version, value, text } = parseAddress(gateway, 'gateway_ip');
  const [low, high] = hostRange(subnet);
  if (version !== subnet.version || value < low || value > high) {
    throw new IpamError('gateway_ip', `gateway_ip ${gateway} is not a host address of ${subnet.cidr}`);
  }
  return text;
}

/** Every host address except the gateway, as one or two pools (neutron's default). */
export function defaultAllocationPools(subnet: ParsedCidr, gateway: string | null): AllocationPool[] {
  const [low, high] = hostRange(subnet);
  const gw = gateway === null ? undefined : parseAddress(gateway, 'gateway_ip').value;
  const ranges: [bigint, bigint][] =
    gw === undefined || gw < low || gw > high
      ? [[low, high]]
      : [
          [low, gw - 1n],
          [gw + 1n, high],
        ];
  return ranges
    .filter(([start, end]) => start <= end)
    .map(([start, end]) => ({
      start: fromBigInt(start, subnet.version),
      end: fromBigInt(end, subnet.version),
    }));
}

/** Checks pools given by the user (inside the subnet, ordered, disjoint, not holding the gateway). */
export function checkAllocationPools(
  pools: AllocationPool[],
  subnet: ParsedCidr,
  gateway: string | null,
): AllocationPool[] {
  const [low, high] = hostRange(subnet);
  const gw = gateway === null ? undefined : parseAddress(gateway, 'gateway_ip').value;
  const ranges = pools.map((pool) => {
    const start = parseAddress(pool.start, 'allocation_pools.start');
    const end = parseAddress(pool.end, 'allocation_pools.end');
    if (
      start.version !== subnet.version ||
      end.version !== subnet.version ||
      start.value < low ||
      end.value > high
    ) {
      throw new IpamError(
        'allocation_pools',
        `allocation pool ${pool.start}-${pool.end} is not inside the host range of ${subnet.cidr}`,
      );
    }
    if (start.value > end.value) {
      throw new IpamError(
        'allocation_pools',
        `allocation pool ${pool.start}-${pool.end} ends before it starts`,
      );
    }
    if (gw !== undefined && gw >= start.value && gw <= end.value) {
      throw new IpamError(
        'allocation_pools',
        `allocation pool ${pool.start}-${pool.end} contains the gateway ${gateway}`,
      );
    }
    return { start: start.value, end: end.value, text: { start: start.text, end: end.text } };
  });
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start <= sorted[i - 1].end) {
      throw new IpamError(
        'allocation_pools',
        `allocation pools ${sorted[i - 1].text.start}-${sorted[i - 1].text.end} and ${sorted[i].text.start}-${sorted[i].text.end} overlap`,
      );
    }
  }
  return ranges.map((range) => range.text);
}

/** The lowest address of the pools that is not in `used` (normalised texts), or undefined when full. */
export function firstFreeAddress(
  pools: AllocationPool[],
  used: ReadonlySet<string>,
  version: IpVersion,
): string | undefined {
  for (const pool of pools) {
    const end = parseAddress(pool.end, 'end').value;
    // Each used address can push the candidate forward at most once, so this ends after |used|+1 steps.
    for (let candidate = parseAddress(pool.start, 'start').value; candidate <= end; candidate++) {
      const text = fromBigInt(candidate, version);
      if (!used.has(text)) return text;
    }
  }
  return undefined;
}

/** A MAC in OpenStack's fa:16:3e: range. */
export function randomMac(randomByte: () => number = () => Math.floor(Math.random() * 256)): string {
  const tail = [randomByte(), randomByte(), randomByte()].map((b) => b.toString(16).padStart(2, '0'));
  return ['fa', '16', '3e', ...tail].join(':');
}

/** A CIDR used as an access rule (any prefix, host bits refused); returns it normalised. */
export function parseAccessCidr(cidr: string, field: string): { cidr: string; version: IpVersion } {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(cidr);
  } catch {
    throw new IpamError(field, `${field} must hold CIDRs such as 203.0.113.0/24, got "${cidr}"`);
  }
  const [address, prefix] = parsed;
  const version: IpVersion = address.kind() === 'ipv4' ? 4 : 6;
  const hostBits = BigInt(bitsOf(version) - prefix);
  const value = toBigInt(address);
  const network = (value >> hostBits) << hostBits;
  if (network !== value) {
    throw new IpamError(
      field,
      `${field}: ${cidr} has host bits set; the network is ${fromBigInt(network, version)}/${prefix}`,
    );
  }
  return { cidr: `${fromBigInt(network, version)}/${prefix}`, version };
}
