import { Module } from '@nestjs/common';
import { NetworkingModule } from '../networking/networking.module';
import { ProvisioningModule } from '../provisioning/provisioning.module';
import { QuotasModule } from '../quotas/quotas.module';
import { StatsModule } from '../stats/stats.module';
import { LoadBalancersController } from './loadbalancers.controller';
import { LoadBalancersService } from './loadbalancers.service';

@Module({
  imports: [NetworkingModule, ProvisioningModule, QuotasModule, StatsModule],
  controllers: [LoadBalancersController],
  providers: [LoadBalancersService],
})
export class LoadBalancersModule {}
