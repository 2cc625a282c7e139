import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ProvisioningStatus } from '@lbaas/contracts';
import { Clock } from '../../platform/clock/clock';
import { ServerConfig } from '../../platform/config/server.config';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { GraphOutcomesService } from '../../lb-graph/graph-outcomes.service';
import { type PendingTrack, refreshTracks, watchdogActions } from './pending-watchdog';
import { ProvisioningService } from './provisioning.service';
import { DutyLease } from '../duty-lease/duty-lease.service';

/** Re-sends, then fails (ERROR with a reason), load balancers that stay PENDING past pending_timeout. */
@Injectable()
export class PendingWatchdogService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PendingWatchdogService.name);
  private readonly tracks = new Map<string, PendingTrack>();
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
    private readonly provisioning: ProvisioningService,
    private readonly outcomes: GraphOutcomesService,
    private readonly lease: DutyLease,
  ) {}

  onApplicationBootstrap(): void {
    const intervalMs = Math.min(5000, (this.config.pendingTimeout * 1000) / 4);
    this.timer = setInterval(() => void this.check(), intervalMs);
  }

  /** Stops the loop first on shutdown, while RPC and the database still work. */
  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async check(): Promise<void> {
    if (this.checking) return;
    if (!this.lease.holds) {
      // Another replica watches; its own tracks say how long each change has waited.
      this.tracks.clear();
      return;
    }
    this.checking = true;
    try {
      const now = this.clock.now();
      const pending = await this.dataSource.getRepository(LoadBalancerEntity).find({
        where: {
          provisioningStatus: In([
            ProvisioningStatus.PendingCreate,
            ProvisioningStatus.PendingUpdate,
            ProvisioningStatus.PendingDelete,
          ]),
        },
        select: { id: true, provider: true, agentId: true, provisioningStatus: true },
      });
      refreshTracks(
        this.tracks,
        pending.map((lb) => lb.id),
        now,
      );
      const actions = watchdogActions(this.tracks, now, this.config.pendingTimeout);
      for (const lb of pending.filter((candidate) => actions.resend.includes(candidate.id))) {
        this.tracks.get(lb.id)!.resentAt = now;
        this.logger.warn(
          { loadbalancer_id: lb.id, agent_id: lb.agentId, status: lb.provisioningStatus },
          `no outcome after ${this.config.pendingTimeout} s; sending the change again`,
        );
        this.provisioning.deploy(lb.provider, lb.id);
      }
      for (const lb of pending.filter((candidate) => actions.fail.includes(candidate.id))) {
        this.tracks.delete(lb.id);
        await this.outcomes.settle(
          lb.id,
          false,
          `no outcome from agent ${lb.agentId ?? '(none)'} within ${2 * this.config.pendingTimeout} s (pending_timeout, sent twice)`,
        );
      }
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'pending watchdog check failed');
    } finally {
      this.checking = false;
    }
  }
}
