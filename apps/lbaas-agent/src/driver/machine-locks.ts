import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { lock } from 'proper-lockfile';

/** Shared by every agent of one machine (the host's /run, as /run/netns is). */
export const MACHINE_LOCK_DIR = '/run/lbaas-agent/locks';

/** A lock whose holder stopped refreshing it (killed) is free after this long. */
const STALE_MS = 15_000;

/**
 * Names on the host depend only on the load balancer (`qlbaas-<id>`, `tap<port>`), so when a load
 * balancer moves between two agents of one machine, the new agent's build and the old agent's removal
 * of the same namespace and port must not interleave (ownership marks alone leave a check-then-act gap).
 * Each takes this machine-wide lock for the load balancer around a build or a removal. A lock left by a
 * killed agent goes stale after `STALE_MS` (kept fresh while held).
 */
export class MachineLocks {
  private readonly logger = new Logger(MachineLocks.name);

  constructor(private readonly dir = MACHINE_LOCK_DIR) {}

  async run<T>(loadBalancerId: string, work: () => Promise<T>): Promise<T> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const release = await lock(join(this.dir, loadBalancerId), {
      realpath: false,
      stale: STALE_MS,
      update: STALE_MS / 3,
      retries: { retries: 1200, minTimeout: 25, maxTimeout: 100 },
      onCompromised: (error: Error) =>
        this.logger.warn(
          { loadbalancer_id: loadBalancerId, err: error.message },
          'machine lock lost while held',
        ),
    });
    try {
      return await work();
    } finally {
      await release().catch(() => undefined);
    }
  }
}
