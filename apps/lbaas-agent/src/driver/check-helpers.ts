import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AgentConfig } from '../config/agent.config';

/**
 * PING and UDP-CONNECT health monitors are haproxy `external-check`s: haproxy (as user nobody) runs a
 * helper with the server's address and port as third and fourth arguments. PING sends one real ICMP echo
 * (Octavia's approach).
 */
export const PING_HELPER_SCRIPT = `#!/bin/sh
# lbaas PING health check, run by haproxy's external-check: $3 is the member's address.
case "$3" in
  *:*) exec ping -6 -q -n -c 1 -W 1 "$3" >/dev/null 2>&1 ;;
  *) exec ping -q -n -c 1 -W 1 "$3" >/dev/null 2>&1 ;;
esac
`;

/**
 * UDP-CONNECT monitors (Octavia's rule): a datagram to the member; an ICMP port unreachable (socat then
 * fails with "Connection refused") means down, an answer or silence within half a second means up. The
 * wait stays under any monitor timeout (at least 1 s); on a LAN the ICMP answer takes far less.
 */
export const UDP_CONNECT_HELPER_SCRIPT = `#!/bin/sh
# lbaas UDP-CONNECT health check, run by haproxy's external-check: $3 is the member's address, $4 its port.
case "$3" in
  *:*) target="UDP6:[$3]:$4" ;;
  *) target="UDP4:$3:$4" ;;
esac
echo lbaas-health-check | exec socat -T 0.5 - "$target" >/dev/null 2>&1
`;

export function pingHelperPath(statePath: string): string {
  return join(statePath, 'bin', 'lbaas-ping');
}

export function udpConnectHelperPath(statePath: string): string {
  return join(statePath, 'bin', 'lbaas-udp-connect');
}

@Injectable()
export class CheckHelpers implements OnModuleInit {
  private readonly logger = new Logger(CheckHelpers.name);

  constructor(private readonly config: AgentConfig) {}

  /** Installs the helpers where haproxy's unprivileged user can run them (state_path is traversable, not listable). */
  async onModuleInit(): Promise<void> {
    await chmod(this.config.statePath, 0o711);
    await mkdir(join(this.config.statePath, 'bin'), { recursive: true, mode: 0o755 });
    for (const [path, script] of [
      [pingHelperPath(this.config.statePath), PING_HELPER_SCRIPT],
      [udpConnectHelperPath(this.config.statePath), UDP_CONNECT_HELPER_SCRIPT],
    ]) {
      await writeFile(path, script, { mode: 0o755 });
      await chmod(path, 0o755);
    }
    const blocking = await this.untraversableParent(this.config.statePath);
    if (blocking) {
      this.logger.warn(
        { folder: blocking },
        'haproxy (user nobody) cannot reach the check helpers: this folder above state_path is not searchable by others; PING and UDP-CONNECT monitors will mark every member down',
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
