import { Counter } from 'prom-client';

/**
 * RPC messages of this process, for its /metrics (prom-client's default registry: one per process).
 * `kind`: call (waits for a reply), cast, fanout, handled (received and run here).
 */
export const rpcMessages = new Counter({
  name: 'lbaas_rpc_messages_total',
  help: 'RPC messages sent or handled, by method, kind and outcome (ok or failed).',
  labelNames: ['method', 'kind', 'outcome'] as const,
});

/** Counts `work` under method/kind, as ok or failed, and passes its result or error through. */
export async function countRpc<T>(method: string, kind: string, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    rpcMessages.inc({ method, kind, outcome: 'ok' });
    return result;
  } catch (error) {
    rpcMessages.inc({ method, kind, outcome: 'failed' });
    throw error;
  }
}
