import { orderWithPolicyAt, policyProblem, ruleProblem } from './l7-rules';

describe('L7 policy rules', () => {
  it.each([
    [{ action: 'REJECT' }],
    [{ action: 'REDIRECT_TO_POOL', redirect_pool_id: 'p' }],
    [{ action: 'REDIRECT_TO_URL', redirect_url: 'https://example.org/maintenance' }],
    [{ action: 'REDIRECT_PREFIX', redirect_prefix: 'https://www.example.org' }],
  ] as const)('accepts %j', (policy) => {
    expect(policyProblem(policy)).toBeUndefined();
  });

  it.each([
    [{ action: 'REDIRECT_TO_POOL' }, /needs redirect_pool_id/],
    [{ action: 'REDIRECT_TO_URL' }, /needs redirect_url/],
    [{ action: 'REJECT', redirect_url: 'http://x' }, /redirect_url is not allowed with action REJECT/],
    [{ action: 'REDIRECT_TO_URL', redirect_url: 'ftp://x' }, /must be an http/],
    [{ action: 'REDIRECT_TO_URL', redirect_url: 'http://x/ y' }, /must be an http/],
    [{ action: 'REDIRECT_TO_URL', redirect_url: 'http://x/"\nbackend evil' }, /must be an http/],
  ] as const)('refuses %j', (policy, problem) => {
    expect(policyProblem(policy)).toMatch(problem);
  });
});

describe('L7 rule rules', () => {
  it.each([
    [{ type: 'PATH', compare_type: 'STARTS_WITH', value: '/api' }],
    [{ type: 'HOST_NAME', compare_type: 'EQUAL_TO', value: 'www.example.org' }],
    [{ type: 'HEADER', compare_type: 'CONTAINS', key: 'X-Debug', value: 'on' }],
    [{ type: 'COOKIE', compare_type: 'EQUAL_TO', key: 'beta', value: '1' }],
    [{ type: 'FILE_TYPE', compare_type: 'REGEX', value: '^(jpg|png)$' }],
    [{ type: 'SSL_CONN_HAS_CERT', compare_type: 'EQUAL_TO', value: 'True' }],
    [{ type: 'SSL_VERIFY_RESULT', compare_type: 'EQUAL_TO', value: '0' }],
    [{ type: 'SSL_DN_FIELD', compare_type: 'STARTS_WITH', key: 'OU', value: 'ops' }],
  ] as const)('accepts %j', (rule) => {
    expect(ruleProblem(rule)).toBeUndefined();
  });

  it.each([
    [{ type: 'HEADER', compare_type: 'EQUAL_TO', value: 'x' }, /needs a key/],
    [{ type: 'PATH', compare_type: 'EQUAL_TO', key: 'k', value: '/x' }, /key is only allowed/],
    [{ type: 'HEADER', compare_type: 'EQUAL_TO', key: 'X Bad', value: 'x' }, /HTTP token/],
    [{ type: 'FILE_TYPE', compare_type: 'CONTAINS', value: 'jpg' }, /EQUAL_TO or REGEX only/],
    [{ type: 'PATH', compare_type: 'EQUAL_TO', value: '/a b' }, /without spaces/],
    [{ type: 'PATH', compare_type: 'EQUAL_TO', value: '/a"b' }, /without spaces, quotes/],
    [{ type: 'PATH', compare_type: 'EQUAL_TO', value: '/a\nuse_backend x' }, /without spaces/],
    [{ type: 'PATH', compare_type: 'REGEX', value: '([a-z' }, /not a valid regular expression/],
    [{ type: 'SSL_CONN_HAS_CERT', compare_type: 'EQUAL_TO', value: 'False' }, /must be True/],
    [{ type: 'SSL_CONN_HAS_CERT', compare_type: 'CONTAINS', value: 'True' }, /EQUAL_TO only/],
    [{ type: 'SSL_VERIFY_RESULT', compare_type: 'EQUAL_TO', value: 'ok' }, /verify result code/],
    [{ type: 'SSL_DN_FIELD', compare_type: 'EQUAL_TO', value: 'x' }, /needs a key/],
    [
      { type: 'SSL_DN_FIELD', compare_type: 'EQUAL_TO', key: 'cn) -m found or 1', value: 'x' },
      /distinguished name field/,
    ],
  ] as const)('refuses %j', (rule, problem) => {
    expect(ruleProblem(rule)).toMatch(problem);
  });
});

describe('policy positions', () => {
  it.each([
    [['a', 'b', 'c'], 'n', undefined, ['a', 'b', 'c', 'n']],
    [['a', 'b', 'c'], 'n', 1, ['n', 'a', 'b', 'c']],
    [['a', 'b', 'c'], 'n', 2, ['a', 'n', 'b', 'c']],
    [['a', 'b', 'c'], 'n', 99, ['a', 'b', 'c', 'n']],
    [['a', 'b', 'c'], 'c', 1, ['c', 'a', 'b']],
    [['a', 'b', 'c'], 'a', 3, ['b', 'c', 'a']],
  ])('%j + %s at %s gives %j', (ids, id, position, expected) => {
    expect(orderWithPolicyAt(ids, id, position)).toEqual(expected);
  });
});

describe('haproxy comment characters', () => {
  it('refuses # in rule values, keys and redirect targets (it would end the config line)', () => {
    expect(ruleProblem({ type: 'PATH', compare_type: 'EQUAL_TO', value: '/a#b' })).toMatch(/or #/);
    expect(ruleProblem({ type: 'HEADER', compare_type: 'EQUAL_TO', key: 'X#', value: 'a' })).toMatch(
      /HTTP token/,
    );
    expect(policyProblem({ action: 'REDIRECT_TO_URL', redirect_url: 'http://a/#top' })).toMatch(/or #/);
  });
});
