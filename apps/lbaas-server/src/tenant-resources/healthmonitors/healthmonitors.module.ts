import { Module } from '@nestjs/common';
import { PoolsModule } from '../pools/pools.module';
import { ProvisioningModule } from '../../control-plane/provisioning/provisioning.module';
import { QuotasModule } from '../quotas/quotas.module';
import { HealthMonitorsController } from './healthmonitors.controller';
import { HealthMonitorsService } from './healthmonitors.service';

@Module({
  imports: [ProvisioningModule, QuotasModule, PoolsModule],
  controllers: [HealthMonitorsController],
  providers: [HealthMonitorsService],
  exports: [HealthMonitorsService],
})
export class HealthMonitorsModule {}
