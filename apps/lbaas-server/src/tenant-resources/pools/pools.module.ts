import { Module } from '@nestjs/common';
import { CertificatesModule } from '../../cloud-apis/certificates/certificates.module';
import { ListenersModule } from '../listeners/listeners.module';
import { LbGraphModule } from '../../lb-graph/lb-graph.module';
import { QuotasModule } from '../quotas/quotas.module';
import { PoolsController } from './pools.controller';
import { PoolsService } from './pools.service';

@Module({
  imports: [LbGraphModule, QuotasModule, ListenersModule, CertificatesModule],
  controllers: [PoolsController],
  providers: [PoolsService],
  exports: [PoolsService],
})
export class PoolsModule {}
