import { insertHeadersProblem, normaliseInsertHeaders, protocolsCompatible } from './listener-rules';

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
});
