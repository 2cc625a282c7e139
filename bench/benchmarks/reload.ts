import type { BenchSystem } from '../lib/bench-system';
import { progress, wrkFrom } from '../lib/host-tools';
import type { ReloadResult } from '../lib/results';
import { create, poolOf, servingLoadBalancer, untilActive } from './shared';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const CONNECTIONS = 10;
/** A generous second per change (add or remove a member, until ACTIVE again) keeps wrk running throughout. */
const SECONDS_PER_CHANGE = 1.5;

/** A steady wrk load through the VIP, then the same while a member is added and removed `changes` times. */
export async function reloadUnderLoad(
  bench: BenchSystem,
  changes: number,
  baselineSeconds: number,
): Promise<ReloadResult> {
  const { api, client, network } = bench;
  const extra = network.addHost('198.51.100.13');
  network.serve(extra, 'WEB3');
  const { id, url } = await servingLoadBalancer(bench, 'reload', ['198.51.100.11']);
  const pool = await poolOf(api, id);

  progress(`  steady load for ${baselineSeconds} s`);
  const baseline = await wrkFrom(client, url, baselineSeconds, CONNECTIONS);
  const loadSeconds = Math.ceil(changes * SECONDS_PER_CHANGE) + 5;
  progress(`  load for ${loadSeconds} s while making ${changes} member changes`);
  const during = wrkFrom(client, url, loadSeconds, CONNECTIONS);
  const loadEnds = Date.now() + loadSeconds * 1000;
  let done = 0;
  let member: string | undefined;
  while (done < changes && Date.now() < loadEnds - 2000) {
    if (member) {
      await api.delete(`/v2.0/lbaas/pools/${pool}/members/${member}`);
      member = undefined;
    } else {
      member = (
        (
          await create(api, `/v2.0/lbaas/pools/${pool}/members`, {
            member: { address: '198.51.100.13', protocol_port: 80 },
          })
        ).member as Json
      ).id as string;
    }
    await untilActive(api, id, Date.now() + 60_000);
    done++;
    if (done % 20 === 0) progress(`  ${done}/${changes} changes`);
  }
  const duringChanges = await during;
  await api.delete(`/v2.0/lbaas/loadbalancers/${id}?cascade=true`);
  return { changes: done, baseline, during_changes: duringChanges };
}
