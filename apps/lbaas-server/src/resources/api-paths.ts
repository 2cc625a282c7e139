/**
 * Every LBaaS collection is served where both client families look: `/v2.0/lbaas/<c>` (octaviaclient,
 * neutron CLI), `/v2/lbaas/<c>` and `/v2/<c>` (openstacksdk after version discovery).
 */
export function lbaasPaths(collection: string): string[] {
  return [`v2.0/lbaas/${collection}`, `v2/lbaas/${collection}`, `v2/${collection}`];
}
