import { constants } from 'node:fs';
import { open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { runtimeUpdates } from '@lbaas/haproxy';
import { CommandRunner } from '../system/command-runner';
import { runsConfig, signalProcess, sleep } from '../system/processes';

export const CONFIG_FILE = 'haproxy.conf';
export const PID_FILE = 'haproxy.pid';
export const SOCKET_FILE = 'haproxy.sock';

export type ApplyOutcome = 'unchanged' | 'started' | 'reloaded' | 'updated at runtime';

export interface ApplyOptions {
  /** The named pipe a started haproxy inherits open as its LOG_FD (the first descriptor after stdio). */
  logPipe: string;
  /** Reload even when the config is the same (a new certificate behind it). */
  forceReload?: boolean;
}

/** Runs one haproxy per load balancer inside its namespace, from the files in that load balancer's folder. */
@Injectable()
export class HaproxyProcess {
  private readonly logger = new Logger(HaproxyProcess.name);

  constructor(private readonly commands: CommandRunner) {}

  /** Live pids of this folder's haproxy: from its pid file, and only processes running its config. */
  async pids(dir: string): Promise<number[]> {
    let text: string;
    try {
      text = await readFile(join(dir, PID_FILE), 'utf8');
    } catch {
      return [];
    }
    const pids: number[] = [];
    for (const pid of text.split(/\s+/).filter(Boolean).map(Number)) {
      if (await runsConfig(pid, join(dir, CONFIG_FILE))) pids.push(pid);
    }
    return pids;
  }

  async isRunning(dir: string): Promise<boolean> {
    return (await this.pids(dir)).length > 0;
  }

  /**
   * Makes the running haproxy serve `config`: nothing when it already does, a start when none runs, else
   * a seamless reload (listening sockets handed over through the stats socket, old process finishing its
   * connections). A config haproxy refuses never replaces the current one.
   */
  async apply(namespace: string, dir: string, config: string, options: ApplyOptions): Promise<ApplyOutcome> {
    const forceReload = options.forceReload ?? false;
    const configPath = join(dir, CONFIG_FILE);
    const current = await readFile(configPath, 'utf8').catch(() => undefined);
    const oldPids = await this.pids(dir);
    if (oldPids.length > 0 && current === config && !forceReload) return 'unchanged';
    const candidate = `${configPath}.new`;
    await writeFile(candidate, config, { mode: 0o600 });
    // Checked before it may replace a running one; a first start refuses a bad config by itself.
    if (oldPids.length > 0) await this.commands.run(['haproxy', '-c', '-f', candidate]);
    const runtime =
      oldPids.length > 0 && current !== undefined && !forceReload
        ? runtimeUpdates(current, config)
        : undefined;
    if (runtime && (await this.applyAtRuntime(dir, runtime))) {
      // The running process already serves the new state; the file is for its next start.
      await rename(candidate, configPath);
      return 'updated at runtime';
    }
    await rename(candidate, configPath);
    const socket = join(dir, SOCKET_FILE);
    const argv = [
      'ip',
      'netns',
      'exec',
      namespace,
      'haproxy',
      '-f',
      configPath,
      '-p',
      join(dir, PID_FILE),
      '-D',
    ];
    const canHandOver = oldPids.length > 0 && (await stat(socket).catch(() => undefined)) !== undefined;
    if (oldPids.length > 0) argv.push(...(canHandOver ? ['-x', socket] : []), '-sf', ...oldPids.map(String));
    // A descriptor of its own for this start (read and write: writes never fail for want of a reader);
    // haproxy keeps its copy, ours closes when it has started.
    const logPipe = await open(options.logPipe, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      await this.commands.run(argv, { inheritFds: [logPipe.fd] });
    } catch (error) {
      // Unchecked before a first start: a config haproxy refused must not replace the last good one.
      if (oldPids.length === 0 && current !== undefined)
        await writeFile(configPath, current, { mode: 0o600 });
      throw error;
    } finally {
      await logPipe.close();
    }
    await this.waitUntilServing(dir, oldPids);
    return oldPids.length > 0 ? 'reloaded' : 'started';
  }

  async stop(dir: string): Promise<void> {
    const pids = await this.pids(dir);
    for (const pid of pids) signalProcess(pid, 'SIGTERM');
    for (let i = 0; i < 50 && (await this.pids(dir)).length > 0; i++) await sleep(100);
    for (const pid of await this.pids(dir)) signalProcess(pid, 'SIGKILL');
  }

  /** One command on the admin socket (`show stat`, `set server …`). */
  query(dir: string, command: string, timeoutMs = 5000): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(join(dir, SOCKET_FILE));
      let answer = '';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`haproxy socket did not answer "${command}" within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.on('connect', () => socket.end(`${command}\n`));
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
  }

  /** Sends the commands; false (then a reload follows) if haproxy refused any of them. */
  private async applyAtRuntime(dir: string, commands: string[]): Promise<boolean> {
    for (const command of commands) {
      const answer = (await this.query(dir, command).catch((error: Error) => error.message)).trim();
      if (answer !== '') {
        this.logger.warn({ command, answer }, 'runtime update refused; reloading instead');
        return false;
      }
    }
    return true;
  }

  /** The new process has written its pid file and opened its admin socket. */
  private async waitUntilServing(dir: string, oldPids: number[]): Promise<void> {
    for (let i = 0; i < 50; i++) {
      const pids = (await this.pids(dir)).filter((pid) => !oldPids.includes(pid));
      if (
        pids.length > 0 &&
        (await this.query(dir, 'show info', 1000).then(
          () => true,
          () => false,
        ))
      )
        return;
      await sleep(100);
    }
    throw new Error('haproxy did not come up within 5 s');
  }
}
