import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { waitAtMost } from '@lbaas/rpc';
import { LoadBalancerLocks } from '../driver/load-balancer-locks';
import { DeviceDriver } from '../driver/device-driver';

/** How often the kernel's UDP members follow haproxy's checks: a socket query per load balancer, no process. */
export const UDP_MEMBER_WATCH_MS = 1000;

/**
 * Keeps each load balancer's UDP members (kernel NAT) in step with haproxy's health checks, within a
 * second of a member going down or coming back, instead of a periodic_interval.
 */
@Injectable()
export class UdpMemberWatchService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(UdpMemberWatchService.name);
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private running?: Promise<void>;

  constructor(
    private readonly driver: DeviceDriver,
    private readonly locks: LoadBalancerLocks,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.running) await waitAtMost(this.running, 5000);
  }

  private async watch(): Promise<void> {
    for (const id of this.driver.udpLoadBalancerIds()) {
      if (this.stopped) return;
      await this.locks
        .run(id, () => this.driver.refreshUdpMembers(id))
        .catch((error: Error) =>
          this.logger.warn({ loadbalancer_id: id, err: error.message }, 'updating UDP members failed'),
        );
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.watch().finally(() => this.schedule());
    }, UDP_MEMBER_WATCH_MS);
  }
}
