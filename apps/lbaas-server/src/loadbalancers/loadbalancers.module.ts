import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { FailoverModule } from '../failover/failover.module';
import { HealthMonitorsModule } from '../healthmonitors/healthmonitors.module';
import { L7Module } from '../l7/l7.module';
import { ListenersModule } from '../listeners/listeners.module';
import { MembersModule } from '../members/members.module';
import { NetworkingModule } from '../networking/networking.module';
import { PoolsModule } from '../pools/pools.module';
import { ProvisioningModule } from '../provisioning/provisioning.module';
import { QuotasModule } from '../quotas/quotas.module';
import { StatsModule } from '../stats/stats.module';
import { LoadBalancersController } from './loadbalancers.controller';
import { LoadBalancersService } from './loadbalancers.service';

@Module({
  imports: [
    AgentsModule,
    FailoverModule,
    NetworkingModule,
    ProvisioningModule,
    QuotasModule,
    StatsModule,
    ListenersModule,
    PoolsModule,
    MembersModule,
    HealthMonitorsModule,
    L7Module,
  ],
  controllers: [LoadBalancersController],
  providers: [LoadBalancersService],
})
export class LoadBalancersModule {}
