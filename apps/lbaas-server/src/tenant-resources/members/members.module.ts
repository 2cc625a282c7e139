import { Module } from '@nestjs/common';
import { NetworkingModule } from '../../cloud-apis/networking/networking.module';
import { PoolsModule } from '../pools/pools.module';
import { ProvisioningModule } from '../../control-plane/provisioning/provisioning.module';
import { QuotasModule } from '../quotas/quotas.module';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';

@Module({
  imports: [ProvisioningModule, QuotasModule, PoolsModule, NetworkingModule],
  controllers: [MembersController],
  providers: [MembersService],
  exports: [MembersService],
})
export class MembersModule {}
