import { Module } from '@nestjs/common';
import { ListenersModule } from '../listeners/listeners.module';
import { ProvisioningModule } from '../../control-plane/provisioning/provisioning.module';
import { QuotasModule } from '../quotas/quotas.module';
import { PoolsController } from './pools.controller';
import { PoolsService } from './pools.service';

@Module({
  imports: [ProvisioningModule, QuotasModule, ListenersModule],
  controllers: [PoolsController],
  providers: [PoolsService],
  exports: [PoolsService],
})
export class PoolsModule {}
