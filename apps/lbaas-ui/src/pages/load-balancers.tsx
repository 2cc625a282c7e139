import { useApp } from '../app-context';
import { StatusPair } from '../components/status-badge';
import { usePolling } from '../hooks';
import type { LoadBalancer } from '../logic/api-types';
import { isPending } from '../logic/status';

/** Every load balancer of the project (an admin's: of every project), refreshed while changes apply. */
export function LoadBalancersPage() {
  const { api } = useApp();
  const { data, error } = usePolling(
    async () =>
      (await api.get<{ loadbalancers: LoadBalancer[] }>('/v2/lbaas/loadbalancers?sort=created_at:desc'))
        .loadbalancers,
    (lbs) => (lbs?.some((lb) => isPending(lb.provisioning_status)) ? 1000 : 3000),
    [api],
  );
  return (
    <section>
      <header class="page-header">
        <h2>Load balancers</h2>
        <a href="#/create" role="button">
          Create load balancer
        </a>
      </header>
      {error && <p class="form-errors">Could not read the load balancers: {error.message}</p>}
      {!data && !error && <p aria-busy="true">Loading…</p>}
      {data && data.length === 0 && <p>No load balancers yet.</p>}
      {data && data.length > 0 && (
        <table class="striped" data-testid="loadbalancers">
          <thead>
            <tr>
              <th>Name</th>
              <th>VIP</th>
              <th>Status (operating, provisioning)</th>
              <th>Listeners</th>
              <th>Provider</th>
            </tr>
          </thead>
          <tbody>
            {data.map((lb) => (
              <tr key={lb.id} data-lb={lb.name || lb.id}>
                <td>
                  <a href={`#/loadbalancers/${lb.id}`}>{lb.name || lb.id}</a>
                </td>
                <td>{lb.vip_address}</td>
                <td>
                  <StatusPair provisioning={lb.provisioning_status} operating={lb.operating_status} />
                </td>
                <td>{lb.listeners.length}</td>
                <td>{lb.provider}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
