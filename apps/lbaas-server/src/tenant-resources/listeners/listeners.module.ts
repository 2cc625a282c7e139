import { Module } from '@nestjs/common';
import { CertificatesModule } from '../../cloud-apis/certificates/certificates.module';
import { LbGraphModule } from '../../lb-graph/lb-graph.module';
import { QuotasModule } from '../quotas/quotas.module';
import { StatsModule } from '../../control-plane/stats/stats.module';
import { ListenersController } from './listeners.controller';
import { ListenersService } from './listeners.service';

@Module({
  imports: [LbGraphModule, QuotasModule, StatsModule, CertificatesModule],
  controllers: [ListenersController],
  providers: [ListenersService],
  exports: [ListenersService],
})
export class ListenersModule {}
