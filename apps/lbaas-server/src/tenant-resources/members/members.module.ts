import { Module } from '@nestjs/common';
import { NetworkingModule } from '../../cloud-apis/networking/networking.module';
import { PoolsModule } from '../pools/pools.module';
import { LbGraphModule } from '../../lb-graph/lb-graph.module';
import { QuotasModule } from '../quotas/quotas.module';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';

@Module({
  imports: [LbGraphModule, QuotasModule, PoolsModule, NetworkingModule],
  controllers: [MembersController],
  providers: [MembersService],
  exports: [MembersService],
})
export class MembersModule {}
