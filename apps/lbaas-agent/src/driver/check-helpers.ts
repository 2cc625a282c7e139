import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AgentConfig } from '../config/agent.config';

/**
 * PING health monitors are haproxy `external-check`s: haproxy (as user nobody) runs this helper with the
 * server's address as third argument; it sends one real ICMP echo (Octavia's approach).
 */
export const PING_HELPER_SCRIPT = `#!/bin/sh
# lbaas PING health check, run by haproxy's external-check: $3 is the member's address.
case "$3" in
  *:*) exec ping -6 -q -n -c 1 -W 1 "$3" >/dev/null 2>&1 ;;
  *) exec ping -q -n -c 1 -W 1 "$3" >/dev/null 2>&1 ;;
esac
`;

export function pingHelperPath(statePath: string): string {
  return join(statePath, 'bin', 'lbaas-ping');
}

@Injectable()
export class PingHelper implements OnModuleInit {
  private readonly logger = new Logger(PingHelper.name);

  constructor(private readonly config: AgentConfig) {}

  /** Installs the helper where haproxy's unprivileged user can run it (state_path is traversable, not listable). */
  async onModuleInit(): Promise<void> {
    const path = pingHelperPath(this.config.statePath);
    await chmod(this.config.statePath, 0o711);
    await mkdir(join(this.config.statePath, 'bin'), { recursive: true, mode: 0o755 });
    await writeFile(path, PING_HELPER_SCRIPT, { mode: 0o755 });
    await chmod(path, 0o755);
    const blocking = await this.untraversableParent(this.config.statePath);
    if (blocking) {
      this.logger.warn(
        { folder: blocking },
        'haproxy (user nobody) cannot reach the PING helper: this folder above state_path is not searchable by others; PING monitors will mark every member down',
      );
    }
  }

  private async untraversableParent(path: string): Promise<string | undefined> {
    for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
      const mode = (await stat(dir)).mode;
      if ((mode & 0o001) === 0) return dir;
    }
    return undefined;
  }
}
