import { useApp } from '../app-context';
import { StatusBadge } from '../components/status-badge';
import { TopologyPicture } from '../components/topology-picture';
import { usePolling } from '../hooks';
import type { Agent, StatusTreeLoadBalancer } from '../logic/api-types';
import { layoutTopology } from '../logic/topology';

/** Load balancers drawn in the topology at most: beyond it the picture is no longer readable. */
const TOPOLOGY_LIMIT = 40;

interface Fleet {
  agents: (Agent & { hosted: string[] })[];
  trees: StatusTreeLoadBalancer[];
  /** More load balancers exist than `trees` draws. */
  more: boolean;
}

/** For admins: the agents (alive, zone, what they host) and the picture agents → … → members. */
export function AgentsPage() {
  const { api } = useApp();
  const fleet = usePolling<Fleet>(
    async () => {
      const { agents } = await api.get<{ agents: Agent[] }>('/v2.0/agents');
      const hosted = await Promise.all(
        agents.map(async (agent) => ({
          ...agent,
          hosted: (
            await api.get<{ loadbalancers: { id: string }[] }>(`/v2.0/agents/${agent.id}/loadbalancers`)
          ).loadbalancers.map((lb) => lb.id),
        })),
      );
      // Every load balancer (an admin sees all projects'), newest first: hosted ones hang off their agents.
      const { loadbalancers } = await api.get<{ loadbalancers: { id: string }[] }>(
        `/v2/lbaas/loadbalancers?fields=id&sort=created_at:desc&limit=${TOPOLOGY_LIMIT + 1}`,
      );
      const ids = loadbalancers.map((lb) => lb.id);
      const trees = await Promise.all(
        ids
          .slice(0, TOPOLOGY_LIMIT)
          .map(
            async (id) =>
              (
                await api.get<{ statuses: { loadbalancer: StatusTreeLoadBalancer } }>(
                  `/v2/lbaas/loadbalancers/${id}/status`,
                )
              ).statuses.loadbalancer,
          ),
      );
      return { agents: hosted, trees, more: ids.length > TOPOLOGY_LIMIT };
    },
    3000,
    [api],
  );
  if (fleet.error && !fleet.data)
    return (
      <p class="form-errors" role="alert">
        {fleet.error.message}
      </p>
    );
  if (!fleet.data) return <p aria-busy="true">Loading…</p>;
  const { agents, trees, more } = fleet.data;
  const picture = layoutTopology({
    agents: agents.map((agent) => ({ id: agent.id, host: agent.host, alive: agent.alive })),
    loadBalancers: trees.map((tree) => ({
      tree,
      agentIds: agents.filter((agent) => agent.hosted.includes(tree.id)).map((agent) => agent.id),
    })),
  });
  return (
    <section>
      <h2>Agents</h2>
      {agents.length === 0 && <p>No agent has reported yet.</p>}
      <table class="striped" data-testid="agents">
        <thead>
          <tr>
            <th>Host</th>
            <th>Alive</th>
            <th>Admin state</th>
            <th>Zone</th>
            <th>Load balancers</th>
            <th>Last report</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => (
            <tr key={agent.id} data-agent={agent.host}>
              <td>{agent.host}</td>
              <td>
                <StatusBadge status={agent.alive ? 'ONLINE' : 'OFFLINE'} />
              </td>
              <td>{agent.admin_state_up ? 'up' : 'down'}</td>
              <td>{agent.availability_zone ?? '—'}</td>
              <td>{agent.hosted.length}</td>
              <td>{agent.heartbeat_timestamp}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Topology</h3>
      {more && <p>The newest {trees.length} load balancers.</p>}
      <TopologyPicture picture={picture} />
    </section>
  );
}
