import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { waitAtMost } from '@lbaas/rpc';
import { CommittedChanges } from '../../lb-graph/graph-changes.service';
import { DeployerRegistry } from './deployer-registry';
import type { LoadBalancerDeployer } from './deployer';

/** How long a stopping process waits for committed changes to reach the broker. */
const HAND_OFF_GRACE_MS = 5000;

/** Hands each committed change of a load balancer to its provider's deployer (the agent, or noop). */
@Injectable()
export class ProvisioningService extends CommittedChanges implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ProvisioningService.name);
  /** Changes committed but not yet handed to their provider (sent to the agent). */
  private readonly handOffs = new Set<Promise<void>>();

  constructor(private readonly deployers: DeployerRegistry) {
    super();
  }

  /** The deployer of `provider` (enabled). */
  deployerFor(provider: string): LoadBalancerDeployer {
    return this.deployers.forProvider(provider);
  }

  /** Hands a committed change to the provider; a failure here is logged, the objects stay PENDING. */
  deploy(provider: string, loadBalancerId: string): void {
    const handOff = this.deployers
      .forProvider(provider)
      .deploy(loadBalancerId)
      .catch((error: unknown) =>
        this.logger.error(
          { loadbalancer_id: loadBalancerId, err: error },
          'handing the change to its provider failed',
        ),
      );
    this.handOffs.add(handOff);
    void handOff.finally(() => this.handOffs.delete(handOff));
  }

  /**
   * A stopping process (the server, or `lbaas-manage reschedule` right after its change) first lets the
   * hand-offs under way reach the broker, which closes after this hook; else a committed change would
   * wait for the PENDING watchdog.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await waitAtMost(Promise.allSettled([...this.handOffs]), HAND_OFF_GRACE_MS);
  }
}
