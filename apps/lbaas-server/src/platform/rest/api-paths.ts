/**
 * Every LBaaS collection is served where both client families look: `/v2.0/lbaas/<c>` (octaviaclient,
 * neutron CLI), `/v2/lbaas/<c>` and `/v2/<c>` (openstacksdk after version discovery).
 */
export function lbaasPaths(collection: string): string[] {
  return [`v2.0/lbaas/${collection}`, `v2/lbaas/${collection}`, `v2/${collection}`];
}

/**
 * The neutron subset (networks, subnets, ports) at neutron's `/v2.0/<c>`, and at `/v2/<c>` where
 * openstacksdk looks when one noauth endpoint serves everything (its discovery of that endpoint finds
 * the load-balancer version document, which points at `/v2`).
 */
export function networkingPaths(collection: string): string[] {
  return [`v2.0/${collection}`, `v2/${collection}`];
}
