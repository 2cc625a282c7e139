import { expectedCodesProblem, monitorTypeProblem, urlPathProblem } from './health-monitor-rules';

describe('health monitor rules', () => {
  it.each(['200', '200,202', '200, 202 ,204', '200-204', '100-599'])('accepts expected_codes %s', (codes) => {
    expect(expectedCodesProblem(codes)).toBeUndefined();
  });

  it.each(['', '20', '2000', 'abc', '200;202', '200-', '204-200', '099', '600', '200\nbackend x'])(
    'refuses expected_codes %j',
    (codes) => {
      expect(expectedCodesProblem(codes)).toBeDefined();
    },
  );

  it.each(['/', '/healthz', '/a/b?x=1&y=%20', '/status.html'])('accepts url_path %s', (path) => {
    expect(urlPathProblem(path)).toBeUndefined();
  });

  it.each([
    '',
    'healthz',
    '/a b',
    '/a\tb',
    '/a\nhttp-check send',
    '/"quoted"',
    "/it's",
    '/back\\slash',
    '/#frag',
  ])('refuses url_path %j', (path) => {
    expect(urlPathProblem(path)).toBeDefined();
  });

  it.each(['UDP-CONNECT', 'PING', 'TCP', 'HTTP'] as const)('a UDP pool takes a %s monitor', (type) => {
    expect(monitorTypeProblem('UDP', type)).toBeUndefined();
  });

  it.each([
    ['UDP', 'HTTPS', 'a UDP pool takes UDP-CONNECT, PING, TCP, HTTP monitors, not HTTPS'],
    ['UDP', 'TLS-HELLO', 'a UDP pool takes UDP-CONNECT, PING, TCP, HTTP monitors, not TLS-HELLO'],
    ['TCP', 'UDP-CONNECT', 'UDP-CONNECT monitors check UDP pools only, not TCP'],
    ['HTTP', 'UDP-CONNECT', 'UDP-CONNECT monitors check UDP pools only, not HTTP'],
  ] as const)('a %s pool refuses a %s monitor', (protocol, type, problem) => {
    expect(monitorTypeProblem(protocol, type)).toBe(problem);
  });

  it.each(['PING', 'TCP', 'HTTP', 'HTTPS', 'TLS-HELLO'] as const)('a TCP pool takes a %s monitor', (type) => {
    expect(monitorTypeProblem('TCP', type)).toBeUndefined();
  });
});
