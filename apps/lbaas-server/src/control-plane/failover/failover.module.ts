import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { ProvisioningModule } from '../provisioning/provisioning.module';
import { InstancesModule } from '../instances/instances.module';
import { FailoverService } from './failover.service';

@Module({
  imports: [AgentsModule, ProvisioningModule, InstancesModule],
  providers: [FailoverService],
  exports: [FailoverService],
})
export class FailoverModule {}
