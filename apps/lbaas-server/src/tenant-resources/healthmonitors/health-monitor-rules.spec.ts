import { expectedCodesProblem, urlPathProblem } from './health-monitor-rules';

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
});
