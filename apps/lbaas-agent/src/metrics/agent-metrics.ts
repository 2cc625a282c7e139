import { frontendStats } from '@lbaas/haproxy';
import { Counter, Gauge, Histogram } from 'prom-client';

/** The agent's own metrics (prom-client's default registry; RPC counters come from @lbaas/rpc). */
export const deploys = new Counter({
  name: 'lbaas_agent_deploys_total',
  help: 'Load balancer deploys by outcome (started, reloaded, updated at runtime, unchanged, failed).',
  labelNames: ['outcome'] as const,
});

export const graphFetches = new Counter({
  name: 'lbaas_agent_graphs_total',
  help: 'Graphs a converge worked from: fetched from the server, or reused because its revision had not moved.',
  labelNames: ['source'] as const,
});

export const commandFailures = new Counter({
  name: 'lbaas_agent_command_failures_total',
  help: 'Host commands (ip, ovs-vsctl, haproxy…) that failed, by command name.',
  labelNames: ['command'] as const,
});

export const commandSeconds = new Histogram({
  name: 'lbaas_agent_command_seconds',
  help: 'Time host commands (ip, ovs-vsctl, haproxy…) took, by command name: where a deploy spends its time.',
  labelNames: ['command'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
});

export const accessLogLinesDropped = new Counter({
  name: 'lbaas_agent_access_log_lines_dropped_total',
  help: 'Access log lines read from haproxy but not written: the log disk fell too far behind the traffic.',
});

/** Per load balancer traffic from haproxy's stats socket, refreshed every periodic pass. */
export const loadBalancerTraffic = new Gauge({
  name: 'lbaas_agent_loadbalancer_traffic',
  help: 'Frontend counters of each load balancer from the stats socket (bytes_in, bytes_out, active_connections, total_connections, request_errors).',
  labelNames: ['loadbalancer_id', 'counter'] as const,
});

/** The `counter` label values: the fields of the traffic counters. */
const TRAFFIC_COUNTERS = Object.keys(frontendStats([]));

/** Drops a load balancer's series (prom-client removes a series only by its full set of labels). */
export function forgetLoadBalancer(loadBalancerId: string): void {
  for (const counter of TRAFFIC_COUNTERS)
    loadBalancerTraffic.remove({ loadbalancer_id: loadBalancerId, counter });
}
