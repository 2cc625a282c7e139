import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { ProvisioningModule } from '../provisioning/provisioning.module';
import { FailoverService } from './failover.service';

@Module({
  imports: [AgentsModule, ProvisioningModule],
  providers: [FailoverService],
  exports: [FailoverService],
})
export class FailoverModule {}
