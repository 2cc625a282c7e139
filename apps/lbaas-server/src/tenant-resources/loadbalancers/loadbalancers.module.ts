import { Module } from '@nestjs/common';
import { AgentsModule } from '../../control-plane/agents/agents.module';
import { FailoverModule } from '../../control-plane/failover/failover.module';
import { InstancesModule } from '../../control-plane/instances/instances.module';
import { FlavorsModule } from '../flavors/flavors.module';
import { AvailabilityZonesModule } from '../availability-zones/availability-zones.module';
import { HealthMonitorsModule } from '../healthmonitors/healthmonitors.module';
import { L7Module } from '../l7/l7.module';
import { ListenersModule } from '../listeners/listeners.module';
import { MembersModule } from '../members/members.module';
import { NetworkingModule } from '../../cloud-apis/networking/networking.module';
import { PoolsModule } from '../pools/pools.module';
import { LbGraphModule } from '../../lb-graph/lb-graph.module';
import { QuotasModule } from '../quotas/quotas.module';
import { StatsModule } from '../../control-plane/stats/stats.module';
import { LoadBalancersController } from './loadbalancers.controller';
import { LoadBalancersService } from './loadbalancers.service';
import { SingleCallCreateService } from './single-call-create.service';

@Module({
  imports: [
    AgentsModule,
    FailoverModule,
    InstancesModule,
    FlavorsModule,
    AvailabilityZonesModule,
    NetworkingModule,
    LbGraphModule,
    QuotasModule,
    StatsModule,
    ListenersModule,
    PoolsModule,
    MembersModule,
    HealthMonitorsModule,
    L7Module,
  ],
  controllers: [LoadBalancersController],
  providers: [LoadBalancersService, SingleCallCreateService],
})
export class LoadBalancersModule {}
