import { Module } from '@nestjs/common';
import { PoolsModule } from '../pools/pools.module';
import { LbGraphModule } from '../../lb-graph/lb-graph.module';
import { QuotasModule } from '../quotas/quotas.module';
import { HealthMonitorsController } from './healthmonitors.controller';
import { HealthMonitorsService } from './healthmonitors.service';

@Module({
  imports: [LbGraphModule, QuotasModule, PoolsModule],
  controllers: [HealthMonitorsController],
  providers: [HealthMonitorsService],
  exports: [HealthMonitorsService],
})
export class HealthMonitorsModule {}
