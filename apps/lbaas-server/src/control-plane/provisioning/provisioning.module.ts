import { Global, Module } from '@nestjs/common';
import { CommittedChanges } from '../../lb-graph/graph-changes.service';
import { LbGraphModule } from '../../lb-graph/lb-graph.module';
import { NetworkingModule } from '../../cloud-apis/networking/networking.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { InstancesModule } from '../instances/instances.module';
import { AgentDeployer } from './agent.deployer';
import { DeployerRegistry } from './deployer-registry';
import { NoopDeployer } from './noop.deployer';
import { PendingWatchdogService } from './pending-watchdog.service';
import { ProvisioningService } from './provisioning.service';

/** Global: the graph's changes reach their deployers through `CommittedChanges`, wherever they are made. */
@Global()
@Module({
  imports: [SchedulerModule, InstancesModule, LbGraphModule, NetworkingModule],
  providers: [
    AgentDeployer,
    NoopDeployer,
    DeployerRegistry,
    ProvisioningService,
    { provide: CommittedChanges, useExisting: ProvisioningService },
    PendingWatchdogService,
  ],
  exports: [ProvisioningService, DeployerRegistry, CommittedChanges],
})
export class ProvisioningModule {}
