import { Controller, Logger, UsePipes } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AgentMethod, AgentUpdatedPayload, LoadBalancerRef } from '@lbaas/contracts';
import { RpcPayloadValidationPipe } from '@lbaas/rpc';
import { LoadBalancerManager } from '../reconcile/load-balancer-manager';
import { ReconcileService } from '../reconcile/reconcile.service';

/** What the server casts to this agent (its own host queue). Handlers finish before the message is acked. */
@Controller()
@UsePipes(RpcPayloadValidationPipe)
export class AgentRpcController {
  private readonly logger = new Logger(AgentRpcController.name);

  constructor(
    private readonly manager: LoadBalancerManager,
    private readonly reconciler: ReconcileService,
  ) {}

  @EventPattern(AgentMethod.DeployLoadbalancer)
  async deploy(@Payload() { loadbalancer_id }: LoadBalancerRef): Promise<void> {
    await this.manager.converge(loadbalancer_id);
  }

  @EventPattern(AgentMethod.DestroyLoadbalancer)
  async destroy(@Payload() { loadbalancer_id }: LoadBalancerRef): Promise<void> {
    await this.manager.destroy(loadbalancer_id);
  }

  @EventPattern(AgentMethod.AgentUpdated)
  async agentUpdated(@Payload() { admin_state_up }: AgentUpdatedPayload): Promise<void> {
    this.logger.log({ admin_state_up }, 'agent admin state changed');
    if (admin_state_up) await this.reconciler.reconcile();
  }
}
