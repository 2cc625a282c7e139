import { provisionedFields } from '../../lb-graph/provisioned-view';
import { PROVISIONED_RESOURCE_COLUMNS } from '../../lb-graph/entities/provisioned-resource';
import { column, type ListColumns } from '../../platform/listing/sql-list';
import type { L7PolicyEntity } from '../../lb-graph/entities/l7-policy.entity';
import type { L7RuleEntity } from '../../lb-graph/entities/l7-rule.entity';

export function l7PolicyView(policy: L7PolicyEntity, ruleIds: string[]) {
  return {
    ...provisionedFields(policy),
    listener_id: policy.listenerId,
    action: policy.action,
    redirect_pool_id: policy.redirectPoolId,
    redirect_url: policy.redirectUrl,
    redirect_prefix: policy.redirectPrefix,
    redirect_http_code: policy.redirectHttpCode,
    position: policy.position,
    rules: ruleIds.map((id) => ({ id })),
  };
}
export type L7PolicyView = ReturnType<typeof l7PolicyView>;

const BLANK = { createdAt: new Date(0), updatedAt: new Date(0) };

/** Every attribute of the view (what lists filter, sort and select on), read off the view itself. */
export const L7_POLICY_ATTRIBUTES: ReadonlySet<string> = new Set(
  Object.keys(l7PolicyView(BLANK as L7PolicyEntity, [])),
);

/** The attributes stored as columns of `l7_policies`: lists on these are filtered and paged in SQL. */
export const L7_POLICY_COLUMNS: ListColumns = {
  ...PROVISIONED_RESOURCE_COLUMNS,
  listener_id: column('uuid', 'listener_id'),
  action: column('text', 'action'),
  redirect_pool_id: column('uuid', 'redirect_pool_id'),
  redirect_url: column('text', 'redirect_url'),
  redirect_prefix: column('text', 'redirect_prefix'),
  redirect_http_code: column('integer', 'redirect_http_code'),
  position: column('integer', 'position'),
};

export function l7RuleView(rule: L7RuleEntity) {
  return {
    ...provisionedFields(rule),
    l7policy_id: rule.l7policyId,
    type: rule.type,
    compare_type: rule.compareType,
    key: rule.key,
    value: rule.value,
    invert: rule.invert,
  };
}
export type L7RuleView = ReturnType<typeof l7RuleView>;

export const L7_RULE_ATTRIBUTES: ReadonlySet<string> = new Set(
  Object.keys(l7RuleView(BLANK as L7RuleEntity)),
);

/** The attributes stored as columns of `l7_rules`: lists on these are filtered and paged in SQL. */
export const L7_RULE_COLUMNS: ListColumns = {
  ...PROVISIONED_RESOURCE_COLUMNS,
  l7policy_id: column('uuid', 'l7policy_id'),
  type: column('text', 'type'),
  compare_type: column('text', 'compare_type'),
  key: column('text', 'key'),
  value: column('text', 'value'),
  invert: column('boolean', 'invert'),
};
