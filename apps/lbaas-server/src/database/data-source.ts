import type { DataSourceOptions } from 'typeorm';
import { AgentEntity } from '../control-plane/agents/agent.entity';
import { NetworkEntity } from '../cloud-apis/networking/network.entity';
import { IpAllocationEntity, PortEntity } from '../cloud-apis/networking/port.entity';
import { SubnetEntity } from '../cloud-apis/networking/subnet.entity';
import { CreateAgents1763750000000 } from './migrations/1763750000000-CreateAgents';
import { CreateNetworking1763760000000 } from './migrations/1763760000000-CreateNetworking';
import { CreateLoadBalancing1763770000000 } from './migrations/1763770000000-CreateLoadBalancing';
import { CreateL71763780000000 } from './migrations/1763780000000-CreateL7';
import { CreateListenerStats1763790000000 } from './migrations/1763790000000-CreateListenerStats';
import { AddLoadBalancerAgentBinding1763800000000 } from './migrations/1763800000000-AddLoadBalancerAgentBinding';
import { CreateTlsCertificates1763810000000 } from './migrations/1763810000000-CreateTlsCertificates';
import { AddHealthMonitorHttpVersion1764800000000 } from './migrations/1764800000000-AddHealthMonitorHttpVersion';
import { AddListenerAlpnAndHsts1764800001000 } from './migrations/1764800001000-AddListenerAlpnAndHsts';
import { AddTlsPoliciesAndReencryption1764800002000 } from './migrations/1764800002000-AddTlsPoliciesAndReencryption';
import { CreateFlavors1764800003000 } from './migrations/1764800003000-CreateFlavors';
import { CreateAvailabilityZones1764800004000 } from './migrations/1764800004000-CreateAvailabilityZones';
import { AddL7Quotas1764800005000 } from './migrations/1764800005000-AddL7Quotas';
import { AddVipPortOwned1764800006000 } from './migrations/1764800006000-AddVipPortOwned';
import { ListenerPortPerTransport1764800007000 } from './migrations/1764800007000-ListenerPortPerTransport';
import { LoadBalancerRevision1764800008000 } from './migrations/1764800008000-LoadBalancerRevision';
import { ListOrderIndexes1764800009000 } from './migrations/1764800009000-ListOrderIndexes';
import { CreationOrder1764800010000 } from './migrations/1764800010000-CreationOrder';
import { CreateLoadBalancerInstances1764800011000 } from './migrations/1764800011000-CreateLoadBalancerInstances';
import { NeutronNetworks1764800012000 } from './migrations/1764800012000-NeutronNetworks';
import { NetworkPending1764800013000 } from './migrations/1764800013000-NetworkPending';
import { TlsContainerEntity, TlsSecretEntity } from '../cloud-apis/certificates/tls-secret.entity';
import { ListenerStatsEntity } from '../control-plane/stats/listener-stats.entity';
import { L7PolicyEntity } from '../lb-graph/entities/l7-policy.entity';
import { L7RuleEntity } from '../lb-graph/entities/l7-rule.entity';
import { HealthMonitorEntity } from '../lb-graph/entities/health-monitor.entity';
import { ListenerEntity } from '../lb-graph/entities/listener.entity';
import { LoadBalancerEntity } from '../lb-graph/entities/load-balancer.entity';
import { LoadBalancerInstanceEntity } from '../lb-graph/entities/load-balancer-instance.entity';
import { MemberEntity } from '../lb-graph/entities/member.entity';
import { PoolEntity } from '../lb-graph/entities/pool.entity';
import { QuotaEntity } from '../tenant-resources/quotas/quota.entity';
import { FlavorEntity, FlavorProfileEntity } from '../lb-graph/entities/flavor.entity';
import {
  AvailabilityZoneEntity,
  AvailabilityZoneProfileEntity,
} from '../lb-graph/entities/availability-zone.entity';

/** Every entity and migration of the server; the app and the `migrate` command share this list. */
export function dataSourceOptions(url: string, logging = false): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [
      AgentEntity,
      FlavorProfileEntity,
      FlavorEntity,
      AvailabilityZoneProfileEntity,
      AvailabilityZoneEntity,
      NetworkEntity,
      SubnetEntity,
      PortEntity,
      IpAllocationEntity,
      LoadBalancerEntity,
      LoadBalancerInstanceEntity,
      ListenerEntity,
      PoolEntity,
      MemberEntity,
      HealthMonitorEntity,
      QuotaEntity,
      L7PolicyEntity,
      L7RuleEntity,
      ListenerStatsEntity,
      TlsSecretEntity,
      TlsContainerEntity,
    ],
    migrations: [
      CreateAgents1763750000000,
      CreateNetworking1763760000000,
      CreateLoadBalancing1763770000000,
      CreateL71763780000000,
      CreateListenerStats1763790000000,
      AddLoadBalancerAgentBinding1763800000000,
      CreateTlsCertificates1763810000000,
      AddHealthMonitorHttpVersion1764800000000,
      AddListenerAlpnAndHsts1764800001000,
      AddTlsPoliciesAndReencryption1764800002000,
      CreateFlavors1764800003000,
      CreateAvailabilityZones1764800004000,
      AddL7Quotas1764800005000,
      AddVipPortOwned1764800006000,
      ListenerPortPerTransport1764800007000,
      LoadBalancerRevision1764800008000,
      ListOrderIndexes1764800009000,
      CreationOrder1764800010000,
      CreateLoadBalancerInstances1764800011000,
      NeutronNetworks1764800012000,
      NetworkPending1764800013000,
    ],
    migrationsTableName: 'migrations',
    // Schema changes only ever come from migrations.
    synchronize: false,
    migrationsRun: false,
    logging,
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}
