import { Injectable, Logger } from '@nestjs/common';
import { liveObjects, type LoadBalancerGraph, type Topology } from '@lbaas/contracts';
import { renderHaproxyConfig, type StatRow, StatRowType } from '@lbaas/haproxy';
import { type DeployOutcome, DeviceDriver } from './device-driver';

interface Recorded {
  graph: LoadBalancerGraph;
  config: string;
}

/**
 * The dry-run device driver (Octavia's noop amphora driver): it renders each graph's haproxy config, as the
 * real driver would, keeps it in memory and reports success; no namespace, port or process is made. For
 * benchmarks of the control plane only (thousands of load balancers over many agents on one machine):
 * whole-system tests keep the real data plane. Statistics show every frontend open and every enabled
 * member up, with no traffic.
 */
@Injectable()
export class DryRunDriver extends DeviceDriver {
  private readonly logger = new Logger(DryRunDriver.name);
  private readonly recorded = new Map<string, Recorded>();

  deployedIds(): Promise<string[]> {
    return Promise.resolve([...this.recorded.keys()]);
  }

  deploy(graph: LoadBalancerGraph): Promise<DeployOutcome> {
    // A graph the renderer refuses fails the deploy, as with the real driver.
    return new Promise((resolve) => {
      const config = render(graph);
      const previous = this.recorded.get(graph.id);
      this.recorded.set(graph.id, { graph, config });
      this.logger.debug({ loadbalancer_id: graph.id }, 'dry run: deploy recorded');
      if (!graph.admin_state_up) resolve('stopped');
      else if (!previous) resolve('started');
      else resolve(previous.config === config ? 'unchanged' : 'reloaded');
    });
  }

  destroy(loadBalancerId: string): Promise<void> {
    this.recorded.delete(loadBalancerId);
    return Promise.resolve();
  }

  isServingGraph(graph: LoadBalancerGraph): Promise<boolean> {
    return new Promise((resolve) => resolve(this.recorded.get(graph.id)?.config === render(graph)));
  }

  isServing(loadBalancerId: string): Promise<boolean> {
    return Promise.resolve(this.recorded.get(loadBalancerId)?.graph.admin_state_up === true);
  }

  readStats(loadBalancerId: string): Promise<StatRow[]> {
    const graph = this.recorded.get(loadBalancerId)?.graph;
    return Promise.resolve(graph ? dryRunStats(graph) : []);
  }

  udpListenersOpen(): Set<string> {
    return new Set();
  }

  udpListenerStats(): Promise<[]> {
    return Promise.resolve([]);
  }

  udpLoadBalancerIds(): string[] {
    return [];
  }

  refreshUdpMembers(): Promise<void> {
    return Promise.resolve();
  }

  topologies(): Topology[] {
    return ['SINGLE', 'ACTIVE_STANDBY'];
  }

  isActiveInstance(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

function render(graph: LoadBalancerGraph): string {
  const dir = `/dry-run/${graph.id}`;
  return renderHaproxyConfig(graph, {
    statsSocket: `${dir}/haproxy.sock`,
    certificatesDir: `${dir}/certificates`,
    pingHelper: '/dry-run/ping-helper',
    udpConnectHelper: '/dry-run/udp-connect-helper',
  });
}

/** What haproxy would show for the graph with every member healthy and nothing sent yet. */
export function dryRunStats(graph: LoadBalancerGraph): StatRow[] {
  const row = (pxname: string, svname: string, type: StatRowType, status: string): StatRow => ({
    pxname,
    svname,
    type,
    status,
    scur: 0,
    stot: 0,
    bin: 0,
    bout: 0,
    ereq: 0,
    checkStatus: '',
  });
  const rows: StatRow[] = [];
  for (const listener of liveObjects(graph.listeners))
    if (listener.admin_state_up) rows.push(row(listener.id, 'FRONTEND', StatRowType.Frontend, 'OPEN'));
  for (const pool of liveObjects(graph.pools)) {
    for (const member of liveObjects(pool.members)) {
      const status = !member.admin_state_up ? 'MAINT' : pool.healthmonitor ? 'UP' : 'no check';
      rows.push(row(pool.id, member.id, StatRowType.Server, status));
    }
  }
  return rows;
}
