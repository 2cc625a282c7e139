import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { CommandRunner } from '../system/command-runner';
import { runsConfig, signalProcess, sleep } from '../system/processes';

export const KEEPALIVED_CONFIG_FILE = 'keepalived.conf';
export const KEEPALIVED_PID_FILE = 'keepalived.pid';
/** The VRRP child's pid file: keepalived insists on one per running instance. */
export const VRRP_PID_FILE = 'keepalived-vrrp.pid';

export type KeepalivedOutcome = 'unchanged' | 'started' | 'reloaded';

const STOP_WAIT_MS = 5000;
const POLL_MS = 100;

/**
 * Runs one keepalived (VRRP only, `-P`) per ACTIVE_STANDBY instance inside its namespace, from the files
 * in that load balancer's folder. It forks into the background like haproxy, so it outlives agent
 * restarts; a new config is read on SIGHUP without giving up the VIP.
 */
@Injectable()
export class KeepalivedProcess {
  constructor(private readonly commands: CommandRunner) {}

  /** The parent process of this folder's keepalived, if it runs. */
  pid(dir: string): Promise<number | undefined> {
    return this.ownPid(dir, KEEPALIVED_PID_FILE);
  }

  async isRunning(dir: string): Promise<boolean> {
    return (await this.pid(dir)) !== undefined;
  }

  /** It runs, on exactly this config. */
  async isRunningConfig(dir: string, config: string): Promise<boolean> {
    const current = await readFile(join(dir, KEEPALIVED_CONFIG_FILE), 'utf8').catch(() => undefined);
    return current === config && (await this.isRunning(dir));
  }

  /**
   * Makes the namespace's keepalived run `config`: nothing when it already does, a start when none runs,
   * else a reload. keepalived checks a config before it starts; a refused one never replaces the last good
   * one.
   */
  async apply(namespace: string, dir: string, config: string): Promise<KeepalivedOutcome> {
    const configPath = join(dir, KEEPALIVED_CONFIG_FILE);
    const current = await readFile(configPath, 'utf8').catch(() => undefined);
    const pid = await this.pid(dir);
    if (pid !== undefined && current === config) return 'unchanged';
    const candidate = `${configPath}.new`;
    await writeFile(candidate, config, { mode: 0o600 });
    // Checked where it will run: keepalived refuses a config whose interface does not exist.
    await this.commands.run(['ip', 'netns', 'exec', namespace, 'keepalived', '-t', '-f', candidate]);
    await rename(candidate, configPath);
    if (pid !== undefined) {
      signalProcess(pid, 'SIGHUP');
      return 'reloaded';
    }
    // keepalived refuses to start while its pid files name a live process, and after a crash (or a lost
    // node) they may name a zombie or a process that reused the pid.
    for (const file of [KEEPALIVED_PID_FILE, VRRP_PID_FILE]) await rm(join(dir, file), { force: true });
    await this.commands.run([
      ...['ip', 'netns', 'exec', namespace, 'keepalived', '-P', '-f', configPath],
      ...['-p', join(dir, KEEPALIVED_PID_FILE), '-r', join(dir, VRRP_PID_FILE)],
    ]);
    await this.waitFor(dir, true);
    return 'started';
  }

  /**
   * Stops it: on SIGTERM a master gives the VIP up and tells its peer at once (an advert of priority 0),
   * so the backup takes over without waiting for its timer.
   */
  async stop(dir: string): Promise<void> {
    const pid = await this.pid(dir);
    if (pid === undefined) return;
    signalProcess(pid, 'SIGTERM');
    const stopped = await this.waitFor(dir, false).then(
      () => true,
      () => false,
    );
    if (stopped) return;
    for (const file of [KEEPALIVED_PID_FILE, VRRP_PID_FILE]) {
      const left = await this.ownPid(dir, file);
      if (left !== undefined) signalProcess(left, 'SIGKILL');
    }
  }

  /** The pid in one of the folder's pid files, if that process runs this folder's config (not a recycled pid). */
  private async ownPid(dir: string, file: string): Promise<number | undefined> {
    const pid = Number((await readFile(join(dir, file), 'utf8').catch(() => '')).trim());
    return (await runsConfig(pid, join(dir, KEEPALIVED_CONFIG_FILE))) ? pid : undefined;
  }

  private async waitFor(dir: string, running: boolean): Promise<void> {
    for (let waited = 0; waited < STOP_WAIT_MS; waited += POLL_MS) {
      if ((await this.isRunning(dir)) === running) return;
      await sleep(POLL_MS);
    }
    throw new Error(`keepalived did not ${running ? 'start' : 'stop'} within ${STOP_WAIT_MS / 1000} s`);
  }
}
