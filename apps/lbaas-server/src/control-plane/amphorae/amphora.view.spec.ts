import { ProvisioningStatus } from '@lbaas/contracts';
import type { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { amphoraId, amphoraView } from './amphora.view';

const LB = '11111111-2222-4333-8444-555555555555';
const AGENT_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const AGENT_B = 'bbbbbbbb-0000-4000-8000-000000000002';

describe('amphoraId', () => {
  it('is a version 5 UUID, the same for the same load balancer and agent, another after a move', () => {
    const id = amphoraId(LB, AGENT_A);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(amphoraId(LB, AGENT_A)).toBe(id);
    expect(amphoraId(LB, AGENT_B)).not.toBe(id);
  });
});

describe('amphoraView', () => {
  const lb = (provisioningStatus: ProvisioningStatus) =>
    ({
      id: LB,
      agentId: AGENT_A,
      vipAddress: '198.51.100.5',
      vipPortId: 'port-1',
      provisioningStatus,
      createdAt: new Date('2026-12-03T08:00:00Z'),
      updatedAt: new Date('2026-12-03T09:00:00Z'),
    }) as LoadBalancerEntity & { agentId: string };

  it('shows the instance with the hosting agent as compute and the VIP as its HA address', () => {
    expect(amphoraView(lb(ProvisioningStatus.Active), 'node-1')).toMatchObject({
      id: amphoraId(LB, AGENT_A),
      loadbalancer_id: LB,
      compute_id: 'node-1',
      ha_ip: '198.51.100.5',
      ha_port_id: 'port-1',
      role: 'STANDALONE',
      status: 'ALLOCATED',
      created_at: '2026-12-03T08:00:00Z',
    });
  });

  it.each([
    [ProvisioningStatus.PendingCreate, 'PENDING_CREATE'],
    [ProvisioningStatus.PendingUpdate, 'ALLOCATED'],
    [ProvisioningStatus.PendingDelete, 'PENDING_DELETE'],
    [ProvisioningStatus.Error, 'ERROR'],
  ])('a load balancer %s is an amphora %s', (status, amphoraStatus) => {
    expect(amphoraView(lb(status), 'node-1').status).toBe(amphoraStatus);
  });
});
