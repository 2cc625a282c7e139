import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiClient } from '../../test/support/api';
import { createTestNetwork, startTestAgent } from '../../test/support/lb-fixtures';
import type { StartedProcess } from '../../test/support/processes';
import { progress } from './host-tools';
import { cleanupAgentState, type TestHost, type TestNetwork } from '../../test/support/test-network';
import { startTestSystem, type TestSystem } from '../../test/support/test-system';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The agents' own defaults (report every 2 s, reconcile every 10 s): benchmarks measure what ships. */
export const AGENT_DEFAULTS = { LBAAS_REPORT_INTERVAL: '2', LBAAS_PERIODIC_INTERVAL: '10' };

/**
 * A server with its own database and vhost, `agentCount` agents, and one tenant network
 * (198.51.100.0/24) with two web servers (WEB1 .11, WEB2 .12) and a client (.50) in namespaces.
 */
export class BenchSystem {
  readonly agents = new Map<string, StartedProcess>();
  readonly extraNetworks: TestNetwork[] = [];

  private constructor(
    readonly system: TestSystem,
    readonly stateRoot: string,
    readonly network: TestNetwork,
    readonly subnetId: string,
    readonly webs: TestHost[],
    readonly client: TestHost,
  ) {}

  static async start(
    name: string,
    options: { agents: number; serverEnv?: Record<string, string>; agentEnv?: Record<string, string> },
  ): Promise<BenchSystem> {
    const system = await startTestSystem(`bench_${name}`, options.serverEnv ?? {});
    const stateRoot = mkdtempSync(join(tmpdir(), 'lbbn-'));
    const { network, subnetId } = await createTestNetwork(system.api, `bench-${name}`);
    const webs = [network.addHost('198.51.100.11'), network.addHost('198.51.100.12')];
    network.serve(webs[0], 'WEB1');
    network.serve(webs[1], 'WEB2');
    const client = network.addHost('198.51.100.50');
    const bench = new BenchSystem(system, stateRoot, network, subnetId, webs, client);
    try {
      await bench.startAgents(name, options.agents, options.agentEnv ?? AGENT_DEFAULTS);
    } catch (error) {
      await bench.teardown();
      throw error;
    }
    return bench;
  }

  private async startAgents(name: string, count: number, env: Record<string, string>): Promise<void> {
    for (let i = 0; i < count; i++) {
      // Short: haproxy refuses admin socket paths over 97 characters under <state_path>/<host>.
      await this.startAgent(`${name.slice(0, 5)}${i}-${process.pid}`, env);
    }
  }

  get api(): ApiClient {
    return this.system.api;
  }

  statePath(host: string): string {
    return join(this.stateRoot, host);
  }

  async startAgent(host: string, env: Record<string, string> = AGENT_DEFAULTS): Promise<StartedProcess> {
    const agent = await startTestAgent(this.system, host, this.statePath(host), env);
    this.agents.set(host, agent);
    return agent;
  }

  /** Another tenant network with the same CIDR on its own VLAN (VIP pool .128–.249 each). */
  async addNetwork(name: string): Promise<string> {
    const { network, subnetId } = await createTestNetwork(this.api, name);
    this.extraNetworks.push(network);
    return subnetId;
  }

  async hostOf(lbId: string): Promise<string> {
    const hosting = await this.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lbId}/loadbalancer-hosting-agent`);
    return hosting.body.agent.host as string;
  }

  /**
   * Deletes the load balancers through the API, then stops every process and removes the hosts, ports,
   * namespaces and state, even when the API part fails (an interrupted or broken run must leave no host
   * behind: a later run's hosts on the same VLAN would share its addresses).
   */
  async teardown(): Promise<void> {
    try {
      await this.deleteLoadBalancers();
    } catch (error) {
      progress(`  could not delete the load balancers through the API: ${(error as Error).message}`);
    } finally {
      try {
        await this.system.teardown();
      } finally {
        for (const host of this.agents.keys()) cleanupAgentState(this.statePath(host), host);
        this.network.teardown();
        for (const network of this.extraNetworks) network.teardown();
        rmSync(this.stateRoot, { recursive: true, force: true });
      }
    }
  }

  private async deleteLoadBalancers(): Promise<void> {
    const { loadbalancers } = (await this.api.get<Json>('/v2.0/lbaas/loadbalancers?fields=id')).body as {
      loadbalancers?: Json[];
    };
    for (const lb of loadbalancers ?? [])
      await this.api.delete(`/v2.0/lbaas/loadbalancers/${lb.id}?cascade=true`);
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const left = (await this.api.get<Json>('/v2.0/lbaas/loadbalancers?fields=id')).body
        .loadbalancers as Json[];
      if (!left?.length) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
