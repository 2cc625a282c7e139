import {
  insertHeadersProblem,
  normaliseInsertHeaders,
  protocolsCompatible,
  tlsHttpProblem,
} from './listener-rules';

describe('listener rules', () => {
  it.each([
    ['HTTP', 'HTTP', true],
    ['HTTP', 'TCP', false],
    ['HTTP', 'HTTPS', false],
    ['TCP', 'HTTP', true],
    ['HTTPS', 'HTTPS', true],
    ['HTTPS', 'HTTP', false],
    ['TERMINATED_HTTPS', 'HTTP', true],
    ['TERMINATED_HTTPS', 'HTTPS', false],
  ] as const)('a %s listener with a %s pool is compatible: %s', (listener, pool, expected) => {
    expect(protocolsCompatible(listener, pool)).toBe(expected);
  });

  it('accepts X-Forwarded-* headers on HTTP listeners only', () => {
    expect(insertHeadersProblem('HTTP', { 'X-Forwarded-For': 'true' })).toBeUndefined();
    expect(insertHeadersProblem('TCP', {})).toBeUndefined();
    expect(insertHeadersProblem('TCP', { 'X-Forwarded-For': 'true' })).toMatch(
      /HTTP and TERMINATED_HTTPS listeners only/,
    );
    expect(insertHeadersProblem('HTTP', { 'X-Evil': 'true' })).toMatch(/X-Evil is not one of/);
    expect(insertHeadersProblem('HTTP', { 'X-Forwarded-Port': 'yes\nbackend x' })).toMatch(
      /must be "true" or "false"/,
    );
    expect(normaliseInsertHeaders({ 'X-Forwarded-For': true })).toEqual({ 'X-Forwarded-For': 'true' });
  });

  describe('ALPN and HSTS', () => {
    const none = { alpnProtocols: null, hstsMaxAge: null, hstsIncludeSubdomains: false, hstsPreload: false };
    it('takes them on TERMINATED_HTTPS listeners', () => {
      expect(
        tlsHttpProblem('TERMINATED_HTTPS', {
          alpnProtocols: ['h2', 'http/1.1'],
          hstsMaxAge: 0,
          hstsIncludeSubdomains: true,
          hstsPreload: true,
        }),
      ).toBeUndefined();
      expect(tlsHttpProblem('HTTP', none)).toBeUndefined();
    });

    it.each([
      ['HTTP', { alpnProtocols: ['h2'] }, /alpn_protocols: only TERMINATED_HTTPS/],
      ['TCP', { hstsMaxAge: 60 }, /hsts_max_age: HSTS applies to TERMINATED_HTTPS listeners only/],
      ['TERMINATED_HTTPS', { alpnProtocols: [] }, /give at least one protocol/],
      ['TERMINATED_HTTPS', { hstsPreload: true }, /need hsts_max_age/],
    ] as const)('refuses on a %s listener %j', (protocol, change, problem) => {
      expect(
        tlsHttpProblem(protocol, { ...none, ...change } as Parameters<typeof tlsHttpProblem>[1]),
      ).toMatch(problem);
    });
  });
});
