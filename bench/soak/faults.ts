import { serviceControl } from '../../test/support/services';
import { startApp, stopProcess, type StartedProcess } from '../../test/support/processes';
import { ApiClient } from '../../test/support/api';
import type { BenchSystem } from '../lib/bench-system';
import { progress, sleep } from '../lib/host-tools';
import type { Window } from './ledger';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type FaultKind = 'agent killed' | 'RabbitMQ restarted' | 'PostgreSQL restarted' | 'server restarted';
const KINDS: FaultKind[] = ['agent killed', 'RabbitMQ restarted', 'PostgreSQL restarted', 'server restarted'];

export interface InjectedFault extends Window {
  kind: FaultKind;
  detail: string;
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await sleep(500);
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
}

/**
 * Injects one fault at a time, at random intervals, and records each as a window from the fault to the
 * moment everything answers again. The server is restarted on the same port with the same environment.
 */
export class FaultInjector {
  readonly injected: InjectedFault[] = [];
  private server: StartedProcess;

  constructor(
    private readonly bench: BenchSystem,
    private readonly serverEnv: Record<string, string>,
    private readonly gapSeconds: { min: number; max: number },
  ) {
    this.server = bench.system.server;
  }

  get serverPid(): number | undefined {
    return this.server.child.pid;
  }

  async run(stopAt: number): Promise<void> {
    for (;;) {
      const gap = this.gapSeconds.min + Math.random() * (this.gapSeconds.max - this.gapSeconds.min);
      if (Date.now() + gap * 1000 > stopAt) return;
      await sleep(gap * 1000);
      const kind = KINDS[Math.floor(Math.random() * KINDS.length)];
      const start = Date.now();
      const detail = await this.inject(kind);
      this.injected.push({ kind, detail, start, end: Date.now() });
      progress(`  fault: ${kind} (${detail}); back after ${((Date.now() - start) / 1000).toFixed(1)} s`);
    }
  }

  private async inject(kind: FaultKind): Promise<string> {
    switch (kind) {
      case 'agent killed': {
        const hosts = [...this.bench.agents.keys()];
        const host = hosts[Math.floor(Math.random() * hosts.length)];
        const agent = this.bench.agents.get(host);
        agent?.child.kill('SIGKILL');
        await agent?.exited;
        // Back after a while: long enough, sometimes, for its load balancers to move away.
        await sleep((3 + Math.random() * 15) * 1000);
        await this.bench.startAgent(host);
        return `kill -9 of ${host}, restarted`;
      }
      case 'RabbitMQ restarted':
        serviceControl('stop_rabbitmq');
        serviceControl('start_rabbitmq');
        await this.serverHealthy();
        return 'stop and start';
      case 'PostgreSQL restarted':
        serviceControl('stop_postgresql');
        serviceControl('start_postgresql');
        await this.serverHealthy();
        return 'stop (fast) and start';
      case 'server restarted': {
        const hard = Math.random() < 0.5;
        if (hard) {
          this.server.child.kill('SIGKILL');
          await this.server.exited;
        } else await stopProcess(this.server);
        this.server = startApp('lbaas-server', {
          ...this.bench.system.env,
          LBAAS_BIND_PORT: String(this.bench.system.port),
          ...this.serverEnv,
        });
        await this.serverHealthy();
        return hard ? 'kill -9, started again' : 'SIGTERM, started again';
      }
    }
  }

  /** The server answers /healthz with 200: database and broker reachable again. */
  private serverHealthy(): Promise<void> {
    const api = new ApiClient(this.bench.api.baseUrl);
    return until('the server to be healthy', async () => (await api.get<Json>('/healthz')).status === 200);
  }
}
