import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type LoadBalancerRevision, PLUGIN_TOPIC, PluginMethod } from '@lbaas/contracts';
import { RemoteError, RpcClient, waitAtMost } from '@lbaas/rpc';
import { AgentConfig } from '../config/agent.config';
import { DeviceDriver } from '../driver/device-driver';
import pLimit from 'p-limit';
import { CONCURRENT_LOAD_BALANCERS, LoadBalancerManager } from './load-balancer-manager';

/** One periodic pass in this many fetches every graph, whatever the revisions say (the first one too). */
export const FULL_FETCH_EVERY_PASSES = 30;

/**
 * At start and every periodic_interval: learn from the server what this agent hosts, converge each of
 * those load balancers (repairing a lost message, a killed haproxy or a deleted namespace), remove
 * whatever this agent built for load balancers it no longer hosts, and send statistics.
 */
@Injectable()
export class ReconcileService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReconcileService.name);
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private running?: Promise<void>;
  private serverLacksRevisions = false;
  private passes = 0;

  constructor(
    private readonly config: AgentConfig,
    private readonly rpc: RpcClient,
    private readonly driver: DeviceDriver,
    private readonly manager: LoadBalancerManager,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(1000);
  }

  /** First step of a shutdown, while RPC still works: the pass in progress may report what it finished. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // A pass in progress stops after its current step; never hold the shutdown for long waiting for it.
    if (this.running) await waitAtMost(this.running, 5000);
  }

  /** One full pass; also run on demand (e.g. when the agent is enabled again). */
  async reconcile(): Promise<void> {
    const revisions = await this.hostedRevisions();
    // Now and then every graph is fetched anyway: what a graph takes from outside the load balancer's
    // own rows (a flavor profile an admin edited, say) does not move its revision.
    if (this.passes++ % FULL_FETCH_EVERY_PASSES === 0)
      for (const id of revisions.keys()) revisions.set(id, undefined);
    const hosted = [...revisions.keys()];
    // Ownership first: whatever is no longer ours goes before anything is (re)plugged.
    const orphans = (await this.driver.deployedIds()).filter((id) => !revisions.has(id));
    await this.forEachLoadBalancer(orphans, (id) =>
      this.manager
        .destroy(id)
        .catch((error: Error) =>
          this.logger.error({ loadbalancer_id: id, err: error.message }, 'removing an orphan failed'),
        ),
    );
    await this.forEachLoadBalancer(hosted, async (id) => {
      await this.manager
        .converge(id, revisions.get(id))
        .catch((error: Error) =>
          this.logger.warn({ loadbalancer_id: id, err: error.message }, 'converge failed'),
        );
      await this.manager
        .reportStats(id)
        .catch((error: Error) =>
          this.logger.debug({ loadbalancer_id: id, err: error.message }, 'stats not sent'),
        );
    });
  }

  /**
   * What this agent hosts, with the revision of each (undefined from a server older than contract 1.10,
   * which does not know get_loadbalancer_revisions: every graph is then fetched, as before).
   */
  private async hostedRevisions(): Promise<Map<string, number | undefined>> {
    const host = { host: this.config.host };
    if (!this.serverLacksRevisions) {
      try {
        const hosted = await this.rpc.call<LoadBalancerRevision[]>(
          PLUGIN_TOPIC,
          PluginMethod.GetLoadbalancerRevisions,
          host,
        );
        return new Map(hosted.map(({ id, revision }) => [id, revision]));
      } catch (error) {
        if (!(error instanceof RemoteError && error.code === 'UnknownMethod')) throw error;
        this.serverLacksRevisions = true;
        this.logger.log(
          { agent_host: this.config.host },
          'the server lists no revisions: fetching every graph',
        );
      }
    }
    const ids = await this.rpc.call<string[]>(PLUGIN_TOPIC, PluginMethod.GetReadyLoadbalancers, host);
    return new Map(ids.map((id) => [id, undefined]));
  }

  /**
   * Runs `work` for each load balancer, a few at a time: a node that comes back with hundreds to rebuild
   * spends most of each one waiting for ip, ovs-vsctl and haproxy, so they overlap well. Nothing new
   * starts once the agent is stopping.
   */
  private async forEachLoadBalancer(ids: string[], work: (id: string) => Promise<void>): Promise<void> {
    const limit = pLimit(CONCURRENT_LOAD_BALANCERS);
    await Promise.all(ids.map((id) => limit(() => (this.stopped ? Promise.resolve() : work(id)))));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.reconcile()
        .catch((error: Error) =>
          this.logger.warn({ agent_host: this.config.host, err: error.message }, 'reconcile pass failed'),
        )
        .finally(() => this.schedule(this.config.periodicInterval * 1000));
    }, delayMs);
  }
}
