import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { useApp } from '../app-context';
import { Confirm } from '../components/confirm';
import { StatusBadge, StatusPair } from '../components/status-badge';
import { TrafficChart } from '../components/traffic-chart';
import { navigate, usePolling } from '../hooks';
import type { LoadBalancer, StatusTreeLoadBalancer, StatusTreePool, Stats } from '../logic/api-types';
import { isPending } from '../logic/status';
import { addSample, type StatsSample } from '../logic/traffic';
import { PoolMembers } from './pool-members';

interface Detail {
  lb: LoadBalancer;
  tree: StatusTreeLoadBalancer;
}

/** One load balancer: its statuses live, its members, its traffic; edit and (cascade) delete. */
export function LoadBalancerPage({ id }: { id: string }) {
  const { api } = useApp();
  const detail = usePolling<Detail>(
    async () => {
      const [{ loadbalancer }, { statuses }] = await Promise.all([
        api.get<{ loadbalancer: LoadBalancer }>(`/v2/lbaas/loadbalancers/${id}`),
        api.get<{ statuses: { loadbalancer: StatusTreeLoadBalancer } }>(
          `/v2/lbaas/loadbalancers/${id}/status`,
        ),
      ]);
      return { lb: loadbalancer, tree: statuses.loadbalancer };
    },
    (data) => (data && isPending(data.lb.provisioning_status) ? 1000 : 2000),
    [api, id],
  );
  const gone = detail.error instanceof ApiError && detail.error.status === 404;
  if (gone)
    return (
      <section>
        <p>This load balancer does not exist (any more).</p>
        <a href="#/loadbalancers">Back to the load balancers</a>
      </section>
    );
  if (!detail.data) return <p aria-busy="true">{detail.error ? detail.error.message : 'Loading…'}</p>;
  const { lb, tree } = detail.data;
  const pools = uniquePools(tree);
  return (
    <section data-lb-id={lb.id}>
      <LoadBalancerHeader lb={lb} onChanged={detail.reload} />
      {detail.error && <p class="form-errors">Refresh failed: {detail.error.message}</p>}
      <div class="grid-2">
        <article>
          <h3>Status tree</h3>
          <StatusTree tree={tree} />
        </article>
        <article>
          <Traffic lb={lb} tree={tree} />
        </article>
      </div>
      {pools.map((pool) => (
        <PoolMembers key={pool.id} pool={pool} onChanged={detail.reload} />
      ))}
    </section>
  );
}

/** A pool can serve several listeners (L7 redirects): each is shown once. */
function uniquePools(tree: StatusTreeLoadBalancer): StatusTreePool[] {
  const seen = new Map<string, StatusTreePool>();
  for (const pool of tree.listeners.flatMap((listener) => listener.pools)) seen.set(pool.id, pool);
  return [...seen.values()];
}

function LoadBalancerHeader({ lb, onChanged }: { lb: LoadBalancer; onChanged: () => void }) {
  const { api } = useApp();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [form, setForm] = useState({
    name: lb.name,
    description: lb.description,
    admin_state_up: lb.admin_state_up,
  });

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await api.put(`/v2/lbaas/loadbalancers/${lb.id}`, { loadbalancer: form });
      setEditing(false);
      onChanged();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      await api.delete(`/v2/lbaas/loadbalancers/${lb.id}?cascade=true`);
      navigate('loadbalancers');
    } catch (error) {
      setProblem((error as Error).message);
      setDeleting(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <header class="page-header">
      <div>
        <h2>{lb.name || lb.id}</h2>
        <p>
          VIP <strong data-testid="vip">{lb.vip_address}</strong> ·{' '}
          <StatusPair provisioning={lb.provisioning_status} operating={lb.operating_status} />
          {lb.description && <> · {lb.description}</>}
        </p>
        {problem && (
          <p class="form-errors" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div class="actions">
        <button type="button" class="secondary" onClick={() => setEditing(!editing)}>
          Edit
        </button>
        <button type="button" class="danger" onClick={() => setDeleting(true)}>
          Delete
        </button>
      </div>
      {editing && (
        <form class="inline-edit" onSubmit={(event) => void save(event)}>
          <input
            name="name"
            aria-label="Name"
            value={form.name}
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <input
            name="description"
            aria-label="Description"
            placeholder="Description"
            value={form.description}
            onInput={(e) => setForm({ ...form, description: e.currentTarget.value })}
          />
          <label>
            <input
              type="checkbox"
              role="switch"
              checked={form.admin_state_up}
              onChange={(e) => setForm({ ...form, admin_state_up: e.currentTarget.checked })}
            />
            Admin state up
          </label>
          <button type="submit" aria-busy={busy}>
            Save
          </button>
        </form>
      )}
      {deleting && (
        <Confirm
          title={`Delete ${lb.name || lb.id}?`}
          confirmLabel="Delete load balancer and everything in it"
          busy={busy}
          onCancel={() => setDeleting(false)}
          onConfirm={() => void remove()}
        >
          <p>
            Its listeners, pools, members and monitors are deleted with it (cascade), and its VIP{' '}
            {lb.vip_address} stops answering.
          </p>
        </Confirm>
      )}
    </header>
  );
}

function StatusTree({ tree }: { tree: StatusTreeLoadBalancer }) {
  return (
    <ul class="status-tree" data-testid="status-tree">
      <li data-node={`loadbalancer:${tree.name || tree.id}`}>
        Load balancer {tree.name}{' '}
        <StatusPair provisioning={tree.provisioning_status} operating={tree.operating_status} />
        <ul>
          {tree.listeners.map((listener) => (
            <li key={listener.id} data-node={`listener:${listener.name || listener.id}`}>
              Listener {listener.name || listener.id.slice(0, 8)}{' '}
              <StatusPair provisioning={listener.provisioning_status} operating={listener.operating_status} />
              <ul>
                {listener.pools.map((pool) => (
                  <li key={pool.id} data-node={`pool:${pool.name || pool.id}`}>
                    Pool {pool.name || pool.id.slice(0, 8)}{' '}
                    <StatusPair provisioning={pool.provisioning_status} operating={pool.operating_status} />
                    <ul>
                      {pool.health_monitor && (
                        <li data-node={`monitor:${pool.health_monitor.id}`}>
                          Monitor {pool.health_monitor.type}{' '}
                          <StatusBadge status={pool.health_monitor.operating_status} />
                        </li>
                      )}
                      {pool.members.map((member) => (
                        <li key={member.id} data-node={`member:${member.name || member.address}`}>
                          Member {member.name || `${member.address}:${member.protocol_port}`}{' '}
                          <StatusPair
                            provisioning={member.provisioning_status}
                            operating={member.operating_status}
                          />
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </li>
    </ul>
  );
}

/** The traffic chart of the load balancer or of one of its listeners, from the stats API every 2 s. */
function Traffic({ lb, tree }: { lb: LoadBalancer; tree: StatusTreeLoadBalancer }) {
  const { api } = useApp();
  const [source, setSource] = useState('');
  const [samples, setSamples] = useState<{ source: string; list: StatsSample[] }>({ source: '', list: [] });
  const path = source ? `/v2/lbaas/listeners/${source}/stats` : `/v2/lbaas/loadbalancers/${lb.id}/stats`;
  usePolling(
    async () => {
      const { stats } = await api.get<{ stats: Stats }>(path);
      const sample = { ...stats, at: Date.now() };
      setSamples((previous) => ({
        source,
        list: addSample(previous.source === source ? previous.list : [], sample),
      }));
    },
    2000,
    [api, path],
  );
  const label = source
    ? `listener ${tree.listeners.find((l) => l.id === source)?.name || source.slice(0, 8)}`
    : 'the load balancer';
  return (
    <>
      <h3>Traffic</h3>
      <select aria-label="Traffic of" value={source} onChange={(e) => setSource(e.currentTarget.value)}>
        <option value="">Load balancer (all listeners)</option>
        {tree.listeners.map((listener) => (
          <option key={listener.id} value={listener.id}>
            Listener {listener.name || listener.id.slice(0, 8)}
          </option>
        ))}
      </select>
      <TrafficChart samples={samples.source === source ? samples.list : []} label={label} />
    </>
  );
}
