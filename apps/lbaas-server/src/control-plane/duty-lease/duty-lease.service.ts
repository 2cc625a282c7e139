import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource, type QueryRunner } from 'typeorm';

/** The advisory lock key of the periodic duties ("lbaasdut"); migrations use another. */
export const DUTY_LOCK_KEY = '7809639012370752884';
const POLL_INTERVAL_MS = 2000;

const dutiesHeld = new Gauge({
  name: 'lbaas_periodic_duties_held',
  help: '1 on the server replica that runs the periodic duties (failover sweep, PENDING watchdog), else 0.',
});

/**
 * Several lbaas-server replicas on one database behave as one: the periodic duties run only on the
 * replica holding a PostgreSQL session advisory lock on a connection of its own. The lock goes with
 * that connection, so when the holder dies (even kill -9) the server releases it and another replica
 * takes it at its next poll; a holder that loses its connection stops at once.
 */
@Injectable()
export class DutyLease implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DutyLease.name);
  private runner?: QueryRunner;
  private held = false;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether this replica runs the periodic duties now. */
  get holds(): boolean {
    return this.held;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), POLL_INTERVAL_MS);
    void this.poll();
  }

  /** Hands the duties over at once on a clean stop, instead of at the next replica's poll after death. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
    if (this.held) {
      await this.runner?.query('SELECT pg_advisory_unlock($1)', [DUTY_LOCK_KEY]).catch(() => undefined);
      this.lose('stopping');
    }
    await this.runner?.release().catch(() => undefined);
    this.runner = undefined;
  }

  /** One attempt to take the lock, or a check that the connection holding it still lives. */
  poll(): Promise<void> {
    this.polling ??= this.pollNow().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async pollNow(): Promise<void> {
    try {
      if (!this.runner) {
        this.runner = this.dataSource.createQueryRunner();
        await this.runner.connect();
      }
      if (this.held) {
        await this.runner.query('SELECT 1');
        return;
      }
      const [{ locked }] = (await this.runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
        DUTY_LOCK_KEY,
      ])) as { locked: boolean }[];
      if (locked) {
        this.held = true;
        dutiesHeld.set(1);
        this.logger.log({}, 'this replica now runs the periodic duties');
      }
    } catch (error) {
      if (this.held) this.lose((error as Error).message);
      const runner = this.runner;
      this.runner = undefined;
      await runner?.release().catch(() => undefined);
    }
  }

  private lose(reason: string): void {
    this.held = false;
    dutiesHeld.set(0);
    this.logger.warn({ reason }, 'this replica no longer runs the periodic duties');
  }
}
