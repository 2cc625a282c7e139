import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Machine } from './results';

export function machine(): Machine {
  return {
    cores: cpus().length,
    cpu_model: cpus()[0]?.model.trim() ?? 'unknown',
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
  };
}

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] })
      .toString()
      .split('\n')[0]
      .trim();
  } catch (error) {
    // wrk prints its version and exits 1 for -v.
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    return `${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`.split('\n')[0].trim() || 'unknown';
  }
}

/** The versions that shape the figures: this project, Node.js, haproxy, Open vSwitch, the services. */
export function versions(repoDir: string): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')) as { version: string };
  return {
    lbaas: pkg.version,
    node: process.version,
    haproxy: firstLine('haproxy', ['-v'])
      .replace(/^HAProxy version /, '')
      .split(' ')[0],
    openvswitch: firstLine('ovs-vsctl', ['--version']).replace(/^ovs-vsctl \(Open vSwitch\) /, ''),
    postgresql: firstLine('psql', ['--version']).replace(/^psql \(PostgreSQL\) /, ''),
    rabbitmq: firstLine('dpkg-query', ['-W', '-f=${Version}', 'rabbitmq-server']),
    wrk: firstLine('wrk', ['-v']).replace(/^wrk /, '').split(' ')[0],
  };
}
