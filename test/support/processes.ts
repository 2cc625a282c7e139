import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const REPO_DIR = join(__dirname, '..', '..');

export interface StartedProcess {
  name: string;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr), for assertions and failure reports. */
  output: () => string;
  exited: Promise<number | null>;
}

const started = new Set<StartedProcess>();

/**
 * Starts a built app (`dist/apps/<app>/main.js`) with the given environment and arguments. An agent's
 * state_path under a test's temporary folder (mkdtemp: 0700) is made reachable for haproxy (user nobody):
 * it runs the check helpers there.
 */
export function startApp(
  app: 'lbaas-server' | 'lbaas-agent',
  env: Record<string, string>,
  args: string[] = [],
): StartedProcess {
  if (app === 'lbaas-agent' && env.LBAAS_STATE_PATH) searchableBelowTmp(env.LBAAS_STATE_PATH);
  // LBAAS_SERVER_PROFILE_DIR=<dir>: the server writes a CPU profile there when it stops (bench/README).
  const profileDir = process.env.LBAAS_SERVER_PROFILE_DIR;
  const profile = profileDir && app === 'lbaas-server' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return startProcess(
    app,
    process.execPath,
    [...profile, join(REPO_DIR, 'dist', 'apps', app, 'main.js'), ...args],
    env,
  );
}

/** Folders between the temporary folder and `path` (those that exist) become searchable, not listable. */
function searchableBelowTmp(path: string): void {
  const tmp = tmpdir();
  for (let dir = dirname(path); dir.startsWith(`${tmp}/`); dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o111) !== 0o111) chmodSync(dir, statSync(dir).mode | 0o111);
  }
}

/** Starts `command` (stopped with the others of this test file), keeping what it prints. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): StartedProcess {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const handle: StartedProcess = { name, child, output: () => output, exited };
  started.add(handle);
  void exited.then(() => started.delete(handle));
  return handle;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Stops one process we started, by its pid: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcess(handle: StartedProcess, graceMs = 10_000): Promise<ExitStatus> {
  const { child } = handle;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await once(child, 'exit');
    clearTimeout(timer);
  }
  return { code: child.exitCode, signal: child.signalCode };
}

/** Stops every process this test file started that is still running. */
export async function stopAllStarted(): Promise<void> {
  await Promise.all([...started].map((handle) => stopProcess(handle)));
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Stopped on SIGTERM by its own shutdown: both apps exit 0 once their hooks are done. Death by the signal
 * itself (hooks never ran) or by SIGKILL (hooks hung) is not graceful.
 */
export function stoppedGracefully(status: ExitStatus): boolean {
  return status.code === 0;
}

/**
 * Stops a process with SIGTERM and fails, showing the end of what it printed, unless it shut down by
 * itself (without SIGKILL and without an error exit).
 */
export async function stopGracefully(handle: StartedProcess): Promise<void> {
  const status = await stopProcess(handle);
  if (stoppedGracefully(status)) return;
  throw new Error(
    `${handle.name} did not stop gracefully (code ${status.code}, signal ${status.signal}); it printed:\n` +
      handle.output().slice(-4000),
  );
}

/** Runs `deploy/lbaas-manage <args>` as an operator would, with `env` on top of ours; what it printed. */
export function runManage(env: Record<string, string>, ...args: string[]): string {
  return execFileSync('bash', [join(REPO_DIR, 'deploy', 'lbaas-manage'), ...args], {
    env: { ...process.env, ...env },
    stdio: 'pipe',
    timeout: 60_000,
  }).toString();
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat (11 and 12 after the command name).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
