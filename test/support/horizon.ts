import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type StartedProcess, startProcess, stopProcess } from './processes';
import { waitFor } from './wait';

/** Debian's Python: its dist-packages hold Horizon (a `python3` earlier on PATH may be another one). */
const DEBIAN_PYTHON = '/usr/bin/python3';
const HORIZON_MANAGE = '/usr/share/openstack-dashboard/manage.py';

/**
 * Debian's Horizon (`openstack-dashboard` with `python3-octavia-dashboard`, as packaged: its settings,
 * its compressed assets) on loopback against the test's Keystone, as Django's single-process server:
 * sessions are in that process's memory (Debian's LocMemCache), and octavia-dashboard's follow-up creates
 * run in its threads (`--noreload` keeps them alive).
 */
export class TestHorizon {
  private constructor(
    readonly url: string,
    private readonly process: StartedProcess,
    private readonly directory: string,
  ) {}

  static async start(keystoneUrl: string): Promise<TestHorizon> {
    const directory = mkdtempSync(join(tmpdir(), 'lbhz-'));
    // Debian's settings as they are, then only what this machine needs.
    writeFileSync(
      join(directory, 'lbaas_test_horizon_settings.py'),
      [
        'from openstack_dashboard.settings import *  # noqa: F401,F403',
        `OPENSTACK_KEYSTONE_URL = ${JSON.stringify(keystoneUrl)}`,
        "ALLOWED_HOSTS = ['127.0.0.1']",
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const process = startProcess(
      'horizon',
      DEBIAN_PYTHON,
      [HORIZON_MANAGE, 'runserver', '--insecure', '--noreload', `127.0.0.1:${port}`],
      { DJANGO_SETTINGS_MODULE: 'lbaas_test_horizon_settings', PYTHONPATH: directory },
    );
    const horizon = new TestHorizon(`http://127.0.0.1:${port}`, process, directory);
    await waitFor('Horizon to answer its login page', async () => {
      const response = await fetch(`${horizon.url}/auth/login/`, { signal: AbortSignal.timeout(5000) }).catch(
        () => undefined,
      );
      return response?.status === 200 ? true : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${process.output()}`);
    });
    return horizon;
  }

  output(): string {
    return this.process.output();
  }

  async teardown(): Promise<void> {
    await stopProcess(this.process);
    rmSync(this.directory, { recursive: true, force: true });
  }
}
