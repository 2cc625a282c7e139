/**
 * Namespaces on a bridge of their own, for the agent's integration tests that run real processes (only
 * addresses of 198.51.100.0/24, inside these namespaces). `teardown()` removes all it made.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function sh(argv: string[]): string {
  return execFileSync(argv[0], argv.slice(1), {
    encoding: 'utf8',
    timeout: 15_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** sh, and '' when the command fails. */
export function trySh(argv: string[]): string {
  try {
    return sh(argv);
  } catch {
    return '';
  }
}

export class TestBridge {
  private readonly suffix = randomBytes(3).toString('hex');
  private readonly namespaces: string[] = [];
  private made = false;

  constructor(readonly bridge = `lbtbr${randomBytes(3).toString('hex')}`) {}

  /** A namespace with `address`/24 on the bridge (made on first use); `name` is one or two letters. */
  addHost(name: string, address: string): string {
    if (!this.made) {
      sh(['ip', 'link', 'add', this.bridge, 'type', 'bridge']);
      sh(['ip', 'link', 'set', this.bridge, 'up']);
      this.made = true;
    }
    const namespace = `lbtest-${name}-${this.suffix}`;
    const device = `lbt${name}${this.suffix}`;
    sh(['ip', 'netns', 'add', namespace]);
    this.namespaces.push(namespace);
    sh(['ip', '-n', namespace, 'link', 'set', 'lo', 'up']);
    sh(['ip', 'link', 'add', device, 'type', 'veth', 'peer', 'name', `${device}p`]);
    sh(['ip', 'link', 'set', `${device}p`, 'master', this.bridge, 'up']);
    sh(['ip', 'link', 'set', device, 'netns', namespace]);
    sh(['ip', '-n', namespace, 'link', 'set', device, 'up']);
    sh(['ip', '-n', namespace, 'addr', 'add', `${address}/24`, 'dev', device]);
    return namespace;
  }

  /** The device of a host made by addHost. */
  deviceOf(namespace: string): string {
    return `lbt${namespace.split('-')[1]}${this.suffix}`;
  }

  teardown(): void {
    for (const namespace of this.namespaces) trySh(['ip', 'netns', 'delete', namespace]);
    if (this.made) trySh(['ip', 'link', 'delete', this.bridge]);
  }
}

/** Whether a namespace holds `address` (any prefix length). */
export function holdsAddress(namespace: string, address: string): boolean {
  return trySh(['ip', '-n', namespace, '-br', 'addr', 'show']).includes(`${address}/`);
}

/** What `probe` answered over `probes` tries 100 ms apart: a client probing for a while. */
export async function answersOver(probe: () => string, probes: number): Promise<string[]> {
  const answers = new Set<string>();
  for (let n = 0; n < probes; n++) {
    answers.add(probe());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [...answers];
}

export async function waitUntil(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A haproxy in `namespace` that answers every HTTP request on `port` with `name` (a member, an instance). */
export function serveName(namespace: string, dir: string, name: string, port: number): void {
  const config = [
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 5s',
    '  timeout server 5s',
    'frontend who',
    `  bind :${port}`,
    `  http-request return status 200 content-type text/plain string ${name}`,
    '',
  ].join('\n');
  writeFileSync(join(dir, `${name}.cfg`), config);
  const files = ['-f', join(dir, `${name}.cfg`), '-p', namePidFile(dir, name)];
  sh(['ip', 'netns', 'exec', namespace, 'haproxy', ...files, '-D']);
}

/** The pid file of serveName's haproxy. */
export function namePidFile(dir: string, name: string): string {
  return join(dir, `${name}.pid`);
}
