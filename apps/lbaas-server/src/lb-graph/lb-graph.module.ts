import { Module } from '@nestjs/common';
import { GraphChangesService } from './graph-changes.service';
import { GraphOutcomesService } from './graph-outcomes.service';

/**
 * The load-balancer graph: its entities, the lock every change takes, cascading deletion and the
 * settling of a deployment's outcome. `CommittedChanges` comes from the control plane (global).
 */
@Module({
  providers: [GraphChangesService, GraphOutcomesService],
  exports: [GraphChangesService, GraphOutcomesService],
})
export class LbGraphModule {}
