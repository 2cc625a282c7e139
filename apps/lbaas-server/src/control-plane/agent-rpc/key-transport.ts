import type { LoadBalancerGraph } from '@lbaas/contracts';

/** What decides whether a graph may carry private keys to an agent. */
export interface KeyTransport {
  /** The server's own broker link is TLS ([oslo_messaging_rabbit] ssl). */
  serverTls: boolean;
  /** What the agent reported about its link (contract 1.9; undefined from an older agent: plain). */
  agentTls: boolean | undefined;
  agentHost: string;
  /** [certificates] allow_keys_over_plain_broker. */
  allowPlain: boolean;
}

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
