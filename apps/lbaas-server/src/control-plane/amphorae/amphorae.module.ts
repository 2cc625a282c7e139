import { Module } from '@nestjs/common';
import { LbGraphModule } from '../../lb-graph/lb-graph.module';
import { FailoverModule } from '../failover/failover.module';
import { StatsModule } from '../stats/stats.module';
import { AmphoraeController } from './amphorae.controller';
import { AmphoraeService } from './amphorae.service';

/** Octavia's amphora API over the running instances of load balancers (operators only). */
@Module({
  imports: [LbGraphModule, FailoverModule, StatsModule],
  controllers: [AmphoraeController],
  providers: [AmphoraeService],
})
export class AmphoraeModule {}
