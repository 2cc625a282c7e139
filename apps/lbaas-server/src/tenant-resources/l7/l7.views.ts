import { provisionedFields } from '../../lb-graph/provisioned-view';
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
