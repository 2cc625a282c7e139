import {
  checkAllocationPools,
  checkGateway,
  defaultAllocationPools,
  defaultGateway,
  firstFreeAddress,
  IpamError,
  isInSubnet,
  parseAddress,
  parseCidr,
  randomMac,
} from './ipam';

describe('parseCidr', () => {
  it('normalises IPv4 and IPv6 networks', () => {
    expect(parseCidr('198.51.100.0/24')).toMatchObject({ cidr: '198.51.100.0/24', version: 4, prefix: 24 });
    expect(parseCidr('2001:DB8:0::/64')).toMatchObject({ cidr: '2001:db8::/64', version: 6, prefix: 64 });
  });

  it.each([
    ['not a cidr', /must be a CIDR/],
    ['198.51.100.0', /must be a CIDR/],
    ['198.51.100.0/33', /must be a CIDR/],
    ['198.51.100.7/24', /host bits set; the network is 198.51.100.0\/24/],
    ['198.51.100.0/31', /must be \/30 or shorter/],
  ])('refuses %s', (cidr, message) => {
    expect(() => parseCidr(cidr)).toThrow(IpamError);
    expect(() => parseCidr(cidr)).toThrow(message);
  });
});

describe('gateway and pools', () => {
  const v4 = parseCidr('203.0.113.0/24');
  const v6 = parseCidr('2001:db8::/120');

  it('defaults the gateway to the first host and the pool to every other host', () => {
    expect(defaultGateway(v4)).toBe('203.0.113.1');
    expect(defaultAllocationPools(v4, '203.0.113.1')).toEqual([
      { start: '203.0.113.2', end: '203.0.113.254' },
    ]);
    expect(defaultAllocationPools(v6, '2001:db8::1')).toEqual([
      { start: '2001:db8::2', end: '2001:db8::ff' },
    ]);
  });

  it('splits the default pool around a gateway in the middle, and keeps it whole without a gateway', () => {
    expect(defaultAllocationPools(v4, '203.0.113.100')).toEqual([
      { start: '203.0.113.1', end: '203.0.113.99' },
      { start: '203.0.113.101', end: '203.0.113.254' },
    ]);
    expect(defaultAllocationPools(v4, null)).toEqual([{ start: '203.0.113.1', end: '203.0.113.254' }]);
  });

  it('checks a given gateway', () => {
    expect(checkGateway('203.0.113.254', v4)).toBe('203.0.113.254');
    expect(() => checkGateway('203.0.113.255', v4)).toThrow(/not a host address/);
    expect(() => checkGateway('198.51.100.1', v4)).toThrow(/not a host address/);
    expect(() => checkGateway('2001:db8::1', v4)).toThrow(/not a host address/);
    expect(() => checkGateway('nonsense', v4)).toThrow(/gateway_ip must be an IPv4 or IPv6 address/);
  });

  it.each([
    [[{ start: '203.0.113.10', end: '203.0.113.5' }], /ends before it starts/],
    [[{ start: '203.0.113.0', end: '203.0.113.5' }], /not inside the host range/],
    [[{ start: '203.0.113.200', end: '203.0.113.255' }], /not inside the host range/],
    [[{ start: '198.51.100.2', end: '198.51.100.5' }], /not inside the host range/],
    [[{ start: '203.0.113.1', end: '203.0.113.5' }], /contains the gateway/],
    [
      [
        { start: '203.0.113.10', end: '203.0.113.20' },
        { start: '203.0.113.20', end: '203.0.113.30' },
      ],
      /overlap/,
    ],
  ])('refuses the pools %j', (pools, message) => {
    expect(() => checkAllocationPools(pools, v4, '203.0.113.1')).toThrow(message);
  });

  it('accepts disjoint pools inside the subnet', () => {
    const pools = [
      { start: '203.0.113.50', end: '203.0.113.60' },
      { start: '203.0.113.10', end: '203.0.113.20' },
    ];
    expect(checkAllocationPools(pools, v4, '203.0.113.1')).toEqual(pools);
  });
});

describe('addresses', () => {
  it('normalises and places addresses', () => {
    expect(parseAddress('2001:DB8:0:0::5', 'vip_address').text).toBe('2001:db8::5');
    expect(isInSubnet('198.51.100.9', parseCidr('198.51.100.0/24'))).toBe(true);
    expect(isInSubnet('198.51.101.9', parseCidr('198.51.100.0/24'))).toBe(false);
    expect(() => parseAddress('198.51.100', 'vip_address')).toThrow(
      /vip_address must be an IPv4 or IPv6 address/,
    );
  });

  it('hands out the lowest free address of the pools, and nothing when they are full', () => {
    const pools = [
      { start: '198.51.100.2', end: '198.51.100.3' },
      { start: '198.51.100.10', end: '198.51.100.10' },
    ];
    expect(firstFreeAddress(pools, new Set(), 4)).toBe('198.51.100.2');
    expect(firstFreeAddress(pools, new Set(['198.51.100.2']), 4)).toBe('198.51.100.3');
    expect(firstFreeAddress(pools, new Set(['198.51.100.2', '198.51.100.3']), 4)).toBe('198.51.100.10');
    expect(
      firstFreeAddress(pools, new Set(['198.51.100.2', '198.51.100.3', '198.51.100.10']), 4),
    ).toBeUndefined();
    expect(
      firstFreeAddress([{ start: '2001:db8::fe', end: '2001:db8::ff' }], new Set(['2001:db8::fe']), 6),
    ).toBe('2001:db8::ff');
  });

  it('makes MACs in the fa:16:3e range', () => {
    const bytes = [0x0a, 0xff, 0x00];
    expect(randomMac(() => bytes.shift() ?? 0)).toBe('fa:16:3e:0a:ff:00');
    expect(randomMac()).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
  });
});
