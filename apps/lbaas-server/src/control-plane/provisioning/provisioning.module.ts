import { Module } from '@nestjs/common';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { AgentDeployer } from './agent.deployer';
import { DeployerRegistry } from './deployer-registry';
import { DeploymentOutcomeService } from './deployment-outcome.service';
import { NoopDeployer } from './noop.deployer';
import { PendingWatchdogService } from './pending-watchdog.service';
import { ProvisioningService } from './provisioning.service';

@Module({
  imports: [SchedulerModule],
  providers: [
    AgentDeployer,
    NoopDeployer,
    DeployerRegistry,
    DeploymentOutcomeService,
    ProvisioningService,
    PendingWatchdogService,
  ],
  exports: [ProvisioningService, DeployerRegistry, DeploymentOutcomeService],
})
export class ProvisioningModule {}
