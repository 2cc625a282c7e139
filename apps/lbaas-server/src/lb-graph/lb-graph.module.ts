import { Module } from '@nestjs/common';
import { NetworkingModule } from '../cloud-apis/networking/networking.module';
import { GraphChangesService } from './graph-changes.service';
import { GraphOutcomesService } from './graph-outcomes.service';
import { TlsPolicyService } from './tls-policy.service';

/**
 * The load-balancer graph: its entities, the lock every change takes, cascading deletion and the
 * settling of a deployment's outcome, the operator's TLS policy. `CommittedChanges` comes from the control plane (global).
 */
@Module({
  imports: [NetworkingModule],
  providers: [GraphChangesService, GraphOutcomesService, TlsPolicyService],
  exports: [GraphChangesService, GraphOutcomesService, TlsPolicyService],
})
export class LbGraphModule {}
