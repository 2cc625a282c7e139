import { randomUUID } from 'node:crypto';
import { OperatingStatus, ProvisioningStatus } from '@lbaas/contracts';
import type { DataSource } from 'typeorm';
import { HealthMonitorEntity } from '../lb-graph/entities/health-monitor.entity';
import { L7PolicyEntity } from '../lb-graph/entities/l7-policy.entity';
import { L7RuleEntity } from '../lb-graph/entities/l7-rule.entity';
import { ListenerEntity } from '../lb-graph/entities/listener.entity';
import { LoadBalancerEntity } from '../lb-graph/entities/load-balancer.entity';
import { MemberEntity } from '../lb-graph/entities/member.entity';
import { PoolEntity } from '../lb-graph/entities/pool.entity';
import { insertVipPort } from './integration-database';

/** The ids of a settled graph: one listener with a default pool (two members, a monitor) and an L7 policy. */
export interface GraphFixture {
  lb: string;
  listener: string;
  pool: string;
  members: string[];
  monitor: string;
  redirectPool: string;
  policy: string;
  rule: string;
  vipPort: string;
}

/** Inserts an ACTIVE graph directly (its rules are what the specs exercise, not how it was built). */
export async function insertGraph(dataSource: DataSource, projectId: string): Promise<GraphFixture> {
  const settled = (id: string) => ({
    id,
    projectId,
    name: '',
    description: '',
    adminStateUp: true,
    provisioningStatus: ProvisioningStatus.Active,
    operatingStatus: OperatingStatus.Online,
    tags: [],
  });
  const vip = await insertVipPort(dataSource, projectId);
  const ids: GraphFixture = {
    lb: randomUUID(),
    listener: randomUUID(),
    pool: randomUUID(),
    members: [randomUUID(), randomUUID()],
    monitor: randomUUID(),
    redirectPool: randomUUID(),
    policy: randomUUID(),
    rule: randomUUID(),
    vipPort: vip.portId,
  };
  const manager = dataSource.manager;
  await manager.insert(LoadBalancerEntity, {
    ...settled(ids.lb),
    vipSubnetId: vip.subnetId,
    vipNetworkId: vip.networkId,
    vipAddress: '198.51.100.5',
    vipPortId: vip.portId,
    provider: 'noop',
    flavorId: null,
    agentId: null,
  });
  for (const pool of [ids.pool, ids.redirectPool]) {
    await manager.insert(PoolEntity, {
      ...settled(pool),
      loadbalancerId: ids.lb,
      protocol: 'HTTP',
      lbAlgorithm: 'ROUND_ROBIN',
      sessionPersistence: null,
    });
  }
  for (const [index, member] of ids.members.entries()) {
    await manager.insert(MemberEntity, {
      ...settled(member),
      poolId: ids.pool,
      address: `198.51.100.${10 + index}`,
      protocolPort: 80,
    });
  }
  await manager.insert(HealthMonitorEntity, {
    ...settled(ids.monitor),
    poolId: ids.pool,
    type: 'HTTP',
    delay: 5,
    timeout: 3,
    maxRetries: 3,
    maxRetriesDown: 3,
  });
  await manager.insert(ListenerEntity, {
    ...settled(ids.listener),
    loadbalancerId: ids.lb,
    protocol: 'HTTP',
    protocolPort: 80,
    defaultPoolId: ids.pool,
  });
  await manager.insert(L7PolicyEntity, {
    ...settled(ids.policy),
    listenerId: ids.listener,
    action: 'REDIRECT_TO_POOL',
    redirectPoolId: ids.redirectPool,
    position: 1,
  });
  await manager.insert(L7RuleEntity, {
    ...settled(ids.rule),
    l7policyId: ids.policy,
    type: 'PATH',
    compareType: 'STARTS_WITH',
    value: '/api',
  });
  return ids;
}
