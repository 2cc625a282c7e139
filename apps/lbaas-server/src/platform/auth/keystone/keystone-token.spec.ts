import {
  catalogEndpoint,
  identityV3Url,
  readValidatedToken,
  TokenScopeError,
  trustedUntil,
} from './keystone-token';

const body = (token: Record<string, unknown>) => ({ token });

describe('readValidatedToken', () => {
  it('reads project, lower-cased roles and expiry', () => {
    expect(
      readValidatedToken(
        body({
          expires_at: '2026-11-22T05:00:00.000000Z',
          project: { id: 'a1b2', name: 'demo' },
          roles: [{ name: 'Member' }, { name: 'reader' }],
        }),
      ),
    ).toEqual({
      projectId: 'a1b2',
      roles: ['member', 'reader'],
      expiresAt: Date.parse('2026-11-22T05:00:00Z'),
    });
  });

  it('refuses a token that is not scoped to a project', () => {
    expect(() =>
      readValidatedToken(body({ expires_at: '2026-11-22T05:00:00Z', domain: { id: 'default' }, roles: [] })),
    ).toThrow(TokenScopeError);
    expect(() => readValidatedToken({})).toThrow(TokenScopeError);
  });

  it('refuses a token without a readable expiry', () => {
    expect(() => readValidatedToken(body({ project: { id: 'p' }, expires_at: 'soon' }))).toThrow(
      /expires_at/,
    );
  });

  it('skips roles without a name', () => {
    expect(
      readValidatedToken(
        body({ project: { id: 'p' }, expires_at: '2026-01-01T00:00:00Z', roles: [{}, { name: 7 }] }),
      ).roles,
    ).toEqual([]);
  });
});

describe('trustedUntil', () => {
  const token = { projectId: 'p', roles: [], expiresAt: 100_000 };
  it('is the cache time from now when the token lives longer', () => {
    expect(trustedUntil(token, 10_000, 30)).toBe(40_000);
  });
  it('never goes past the expiry', () => {
    expect(trustedUntil(token, 90_000, 300)).toBe(100_000);
  });
  it('is now when caching is off', () => {
    expect(trustedUntil(token, 5_000, 0)).toBe(5_000);
  });
});

describe('identityV3Url', () => {
  it.each([
    ['http://keystone:5000', 'http://keystone:5000/v3'],
    ['http://keystone:5000/', 'http://keystone:5000/v3'],
    ['http://keystone:5000/v3', 'http://keystone:5000/v3'],
    ['https://cloud/identity/v3/', 'https://cloud/identity/v3'],
  ])('%s → %s', (given, expected) => {
    expect(identityV3Url(given)).toBe(expected);
  });
});

describe('catalogEndpoint', () => {
  const catalog = [
    { type: 'identity', endpoints: [{ interface: 'public', region_id: 'One', url: 'http://k:5000/v3' }] },
    {
      type: 'network',
      endpoints: [
        { interface: 'public', region_id: 'One', url: 'https://public:9696/' },
        { interface: 'internal', region_id: 'One', url: 'http://internal-one:9696' },
        { interface: 'internal', region_id: 'Two', url: 'http://internal-two:9696' },
      ],
    },
  ];

  it('takes the first interface of the list that the region has', () => {
    expect(catalogEndpoint(catalog, 'network', ['internal', 'public'], 'Two')).toBe(
      'http://internal-two:9696',
    );
    expect(catalogEndpoint(catalog, 'network', ['admin', 'public'], 'One')).toBe('https://public:9696');
    expect(catalogEndpoint(catalog, 'network', ['internal'], '')).toBe('http://internal-one:9696');
  });

  it('finds nothing for a service, interface or region the catalog lacks', () => {
    expect(catalogEndpoint(catalog, 'load-balancer', ['public'], '')).toBeUndefined();
    expect(catalogEndpoint(catalog, 'network', ['admin'], '')).toBeUndefined();
    expect(catalogEndpoint(catalog, 'network', ['public'], 'Three')).toBeUndefined();
  });
});
