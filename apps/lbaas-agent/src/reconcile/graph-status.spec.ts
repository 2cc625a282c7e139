import { ProvisioningStatus } from '@lbaas/contracts';
import { listener, loadBalancer, member, policy, pool } from '@lbaas/haproxy/testing/graph-fixtures';
import { hasPendingChanges } from './graph-status';

describe('hasPendingChanges', () => {
  it('is false when every object is ACTIVE', () => {
    expect(hasPendingChanges(loadBalancer())).toBe(false);
  });

  it.each([
    ['the load balancer', loadBalancer({ provisioning_status: ProvisioningStatus.PendingUpdate })],
    [
      'a listener',
      loadBalancer({ listeners: [listener(1, { provisioning_status: ProvisioningStatus.PendingCreate })] }),
    ],
    [
      'a member',
      loadBalancer({
        pools: [pool(1, { members: [member(1, { provisioning_status: ProvisioningStatus.PendingDelete })] })],
      }),
    ],
    [
      'an L7 policy',
      loadBalancer({
        listeners: [
          listener(1, { l7policies: [policy(1, { provisioning_status: ProvisioningStatus.PendingUpdate })] }),
        ],
      }),
    ],
  ])('is true when %s is pending', (_what, graph) => {
    expect(hasPendingChanges(graph)).toBe(true);
  });
});
