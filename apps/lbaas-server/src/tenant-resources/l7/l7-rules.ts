/**
 * Pure rules of L7 policies and rules. Everything here ends up inside haproxy ACLs and redirects, so the
 * accepted characters are narrow on purpose: no whitespace, quotes, backslashes, control characters, or
 * `#` (which starts a comment in haproxy's config).
 */
import { DN_FIELDS, type L7CompareType, type L7PolicyAction, type L7RuleType } from '@lbaas/contracts';

/** An HTTP token (RFC 7230) without `#` and `'`: header and cookie names. */
const TOKEN = /^[A-Za-z0-9!$%&*+.^_`|~-]{1,255}$/;
/** Rule values: visible ASCII without quotes, backslashes, `#` or spaces. */
const RULE_VALUE = /^[\x21\x24-\x26\x28-\x5b\x5d-\x7e]{1,255}$/;
/** Redirect targets: absolute http(s) URLs of visible ASCII without quotes, backslashes, `#` or spaces. */
const REDIRECT_URL = /^https?:\/\/[\x21\x24-\x26\x28-\x5b\x5d-\x7e]+$/;

export interface PolicyInput {
  action: L7PolicyAction;
  redirect_pool_id?: string | null;
  redirect_url?: string | null;
  redirect_prefix?: string | null;
}

/** Which redirect_* field each action needs; every other one must be absent. */
const ACTION_FIELD: Record<L7PolicyAction, keyof PolicyInput | null> = {
  REDIRECT_TO_POOL: 'redirect_pool_id',
  REDIRECT_TO_URL: 'redirect_url',
  REDIRECT_PREFIX: 'redirect_prefix',
  REJECT: null,
};

export function policyProblem(policy: PolicyInput): string | undefined {
  const needed = ACTION_FIELD[policy.action];
  for (const field of ['redirect_pool_id', 'redirect_url', 'redirect_prefix'] as const) {
    const given = policy[field] !== undefined && policy[field] !== null;
    if (field === needed && !given) return `${policy.action} needs ${field}`;
    if (field !== needed && given) return `${field} is not allowed with action ${policy.action}`;
  }
  for (const field of ['redirect_url', 'redirect_prefix'] as const) {
    const value = policy[field];
    if (typeof value === 'string' && !REDIRECT_URL.test(value)) {
      return `${field} must be an http:// or https:// URL without spaces, quotes, backslashes or #`;
    }
  }
  return undefined;
}

export interface RuleInput {
  type: L7RuleType;
  compare_type: L7CompareType;
  key?: string | null;
  value: string;
}

/** Rules on the client's certificate (TERMINATED_HTTPS listeners): what their value and key must be. */
function certificateRuleProblem(rule: RuleInput): string | undefined {
  if (rule.type === 'SSL_CONN_HAS_CERT' || rule.type === 'SSL_VERIFY_RESULT') {
    if (rule.compare_type !== 'EQUAL_TO') return `a ${rule.type} rule compares with EQUAL_TO only`;
    if (rule.type === 'SSL_CONN_HAS_CERT' && rule.value.toLowerCase() !== 'true')
      return 'value of an SSL_CONN_HAS_CERT rule must be True (invert the rule to match connections without one)';
    if (rule.type === 'SSL_VERIFY_RESULT' && !/^\d{1,9}$/.test(rule.value))
      return 'value of an SSL_VERIFY_RESULT rule must be a verify result code (0: verified)';
  }
  if (rule.type === 'SSL_DN_FIELD' && !(DN_FIELDS as readonly string[]).includes(rule.key ?? ''))
    return `key of an SSL_DN_FIELD rule must be a distinguished name field: ${DN_FIELDS.join(', ')}`;
  return undefined;
}

export function ruleProblem(rule: RuleInput): string | undefined {
  const needsKey = rule.type === 'HEADER' || rule.type === 'COOKIE' || rule.type === 'SSL_DN_FIELD';
  if (needsKey && !rule.key) return `a ${rule.type} rule needs a key`;
  if (!needsKey && rule.key)
    return `key is only allowed on HEADER, COOKIE and SSL_DN_FIELD rules, not ${rule.type}`;
  const certificateProblem = certificateRuleProblem(rule);
  if (certificateProblem) return certificateProblem;
  if (rule.key && !TOKEN.test(rule.key))
    return 'key must be an HTTP token (letters, digits and !$%&*+.^_`|~-)';
  if (rule.type === 'FILE_TYPE' && rule.compare_type !== 'EQUAL_TO' && rule.compare_type !== 'REGEX') {
    return 'a FILE_TYPE rule compares with EQUAL_TO or REGEX only';
  }
  if (!RULE_VALUE.test(rule.value)) {
    return 'value must be 1 to 255 visible characters without spaces, quotes, backslashes or #';
  }
  if (rule.compare_type === 'REGEX') {
    try {
      new RegExp(rule.value);
    } catch {
      return `value is not a valid regular expression: ${rule.value}`;
    }
  }
  return undefined;
}

/**
 * Places a policy at `requested` (1-based; beyond the end or absent = append) among the others, already
 * in order, and returns the new order of ids: positions are then their index + 1.
 */
export function orderWithPolicyAt(orderedIds: string[], policyId: string, requested?: number): string[] {
  const others = orderedIds.filter((id) => id !== policyId);
  const index =
    requested === undefined ? others.length : Math.min(Math.max(requested, 1), others.length + 1) - 1;
  return [...others.slice(0, index), policyId, ...others.slice(index)];
}
