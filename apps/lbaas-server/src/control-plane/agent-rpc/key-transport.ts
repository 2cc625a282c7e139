import { type LoadBalancerGraph, ProvisioningStatus } from '@lbaas/contracts';

/** What decides whether a graph may carry private keys to an agent. */
export interface KeyTransport {
  /** The server's own broker link is TLS ([oslo_messaging_rabbit] ssl). */
  serverTls: boolean;
  /** What the agent says of its link (contract 1.9; undefined from an older agent: plain). */
  agentTls: boolean | undefined;
  agentHost: string;
  /** [certificates] allow_keys_over_plain_broker. */
  allowPlain: boolean;
}

/** How a graph goes to the agent: as it is, without its keys (saying why), or not at all (an old agent). */
export type KeyDecision = { send: 'graph'; graph: LoadBalancerGraph } | { send: 'refusal'; reason: string };

const isDeleting = (object: { provisioning_status: ProvisioningStatus }) =>
  object.provisioning_status === ProvisioningStatus.PendingDelete;

/** Whether the graph carries a private key: a listener's certificate bundles or a pool's client certificate. */
export function carriesPrivateKeys(graph: LoadBalancerGraph): boolean {
  return (
    graph.listeners.some((l) => !!l.tls_certificate_pem || (l.sni_certificate_pems ?? []).length > 0) ||
    graph.pools.some((p) => !!p.tls_certificate_pem)
  );
}

/** Why the keys must stay home, or null when they may travel. */
export function keyTransportRefusal(transport: KeyTransport): string | null {
  if (transport.allowPlain) return null;
  if (!transport.serverTls)
    return "private keys withheld: the server's link to the message broker is not TLS ([oslo_messaging_rabbit] ssl)";
  if (transport.agentTls !== true)
    return `private keys withheld: the link of agent ${transport.agentHost} to the message broker is not TLS ([oslo_messaging_rabbit] ssl)`;
  return null;
}

/**
 * What goes to the agent. Objects being deleted (and a whole load balancer being deleted) need no key,
 * so theirs never travel. Otherwise keys travel only when both links are TLS (or the operator allows
 * plain ones); if not, an agent that knows `secrets_withheld` (contract 1.9) gets the graph without them,
 * and an older one nothing (it would deploy the stripped graph and drop the certificates it serves).
 */
export function keyDecision(graph: LoadBalancerGraph, transport: KeyTransport): KeyDecision {
  const deleting = isDeleting(graph);
  const needed: LoadBalancerGraph = {
    ...graph,
    listeners: graph.listeners.map((l) =>
      deleting || isDeleting(l) ? { ...l, tls_certificate_pem: null, sni_certificate_pems: [] } : l,
    ),
    pools: graph.pools.map((p) => (deleting || isDeleting(p) ? { ...p, tls_certificate_pem: null } : p)),
  };
  if (!carriesPrivateKeys(needed)) return { send: 'graph', graph: needed };
  const refusal = keyTransportRefusal(transport);
  if (!refusal) return { send: 'graph', graph: needed };
  if (transport.agentTls === undefined) return { send: 'refusal', reason: refusal };
  return { send: 'graph', graph: withoutPrivateKeys(needed, refusal) };
}

/**
 * The graph without its private keys (certificate bundles), saying why. CA certificates and revocation
 * lists are public and stay.
 */
export function withoutPrivateKeys(graph: LoadBalancerGraph, reason: string): LoadBalancerGraph {
  return {
    ...graph,
    listeners: graph.listeners.map((l) => ({ ...l, tls_certificate_pem: null, sni_certificate_pems: [] })),
    pools: graph.pools.map((p) => ({ ...p, tls_certificate_pem: null })),
    secrets_withheld: reason,
  };
}
