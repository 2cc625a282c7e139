import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { closeSync, constants, open as openDescriptor } from 'node:fs';
import { chmod, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { type AccessLogSettings, LineReader, parseRfc5424, type SyslogMessage } from '@lbaas/haproxy';
import { AgentConfig } from '../config/agent.config';
import { accessLogLinesDropped } from '../metrics/agent-metrics';
import { CommandRunner } from '../system/command-runner';
import { type LogTarget, parseLogTargets } from './log-targets';
import { RotatingFile } from './rotating-file';

/** Syslog facilities of haproxy's two kinds of lines (render-config.ts). */
const TENANT_FACILITY = 16;
/** Lines read but not yet on disk, per load balancer: beyond this a disk slower than the traffic loses lines. */
const MAX_UNWRITTEN_BYTES = 4 * 1024 * 1024;

interface OpenLog {
  /** The agent's end of the pipe, read and write: it never sees end-of-file while haproxies come and go. */
  reader: Socket;
  file: RotatingFile;
  unwritten: number;
}

/**
 * Octavia's log offloading, done on the agent's node: each load balancer's haproxy writes its log lines
 * to a named pipe that the agent reads. Request and connection lines go to `<access_log_dir>/<id>.log`
 * (rotated, bounded) and to the operator's tenant_log_targets; haproxy's own events to admin_log_targets,
 * or into the agent's log naming the load balancer. Tenants cannot reach any of it through the API.
 *
 * While the agent is away (a restart), the pipe's kernel buffer keeps what haproxy writes (64 KiB; beyond
 * it haproxy drops lines) and the next agent reads it; haproxy never waits for the agent.
 */
@Injectable()
export class AccessLogService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AccessLogService.name);
  private readonly open = new Map<string, Promise<OpenLog>>();
  private readonly tenantTargets: LogTarget[];
  private readonly adminTargets: LogTarget[];
  private readonly udp = new Map<4 | 6, UdpSocket>();

  constructor(
    private readonly config: AgentConfig,
    private readonly commands: CommandRunner,
  ) {
    this.tenantTargets = parseLogTargets('tenant_log_targets', config.tenantLogTargets);
    this.adminTargets = parseLogTargets('admin_log_targets', config.adminLogTargets);
  }

  private get pipesDir(): string {
    return join(this.config.statePath, 'log-pipes');
  }

  /**
   * Pipes for root only (haproxy inherits its pipe open); log files for root and the group to read. The
   * pipes a previous agent left are read at once: their haproxies may serve on for long without a deploy.
   */
  async onModuleInit(): Promise<void> {
    await mkdir(this.pipesDir, { recursive: true });
    await chmod(this.pipesDir, 0o700);
    await mkdir(this.config.accessLogFolder, { recursive: true, mode: 0o750 });
    for (const name of await readdir(this.pipesDir)) {
      const id = name.replace(/\.pipe$/, '');
      if (!name.endsWith('.pipe') || !isUUID(id)) continue;
      // One pipe that cannot be read must not keep the agent from starting; its next deploy tries again.
      await this.start(id).catch((error: Error) =>
        this.logger.warn({ loadbalancer_id: id, err: error.message }, 'access log pipe not readable'),
      );
    }
  }

  /** Closes the agent's ends only (haproxy keeps writing into the pipes for the next agent), lines read flushed. */
  async onModuleDestroy(): Promise<void> {
    for (const id of [...this.open.keys()]) await this.close(id, false);
    for (const socket of this.udp.values()) socket.close();
  }

  /** What haproxy's config says about logging. */
  get settings(): AccessLogSettings {
    return { connectionLogging: this.config.connectionLogging };
  }

  pipeOf(id: string): string {
    return join(this.pipesDir, `${id}.pipe`);
  }

  logFileOf(id: string): string {
    return join(this.config.accessLogFolder, `${id}.log`);
  }

  /**
   * Reads load balancer `id`'s log pipe (made if missing, kept if haproxy already writes to it: an agent
   * restart); its path, for haproxy to inherit it open as its LOG_FD. Repeating it is harmless.
   */
  async start(id: string): Promise<string> {
    let log = this.open.get(id);
    // A reader that failed is gone with its descriptor: open the pipe again.
    if (log && (await log.catch(() => undefined))?.reader.destroyed) {
      this.forget(id, log);
      log = undefined;
    }
    if (!log) {
      const opening = this.openPipe(id);
      log = opening;
      this.open.set(id, opening);
      opening.catch(() => this.forget(id, opening));
    }
    await log;
    return this.pipeOf(id);
  }

  /** Stops reading; with `removeFiles` (the load balancer is gone) its pipe and log files go too. */
  async close(id: string, removeFiles: boolean): Promise<void> {
    const log = await this.open.get(id)?.catch(() => undefined);
    this.open.delete(id);
    log?.reader.destroy();
    // What was read is written before the files go (or the agent stops).
    await log?.file.flush();
    if (!removeFiles) return;
    await rm(this.pipeOf(id), { force: true });
    await (log?.file ?? new RotatingFile(this.logFileOf(id), 1, this.config.accessLogBackupCount)).remove();
  }

  /** Drops the entry only if it is still `log` (a newer one may have replaced it). */
  private forget(id: string, log: Promise<OpenLog>): void {
    if (this.open.get(id) === log) this.open.delete(id);
  }

  private async openPipe(id: string): Promise<OpenLog> {
    const path = this.pipeOf(id);
    const existing = await stat(path).catch(() => undefined);
    if (!existing?.isFIFO()) {
      await rm(path, { force: true });
      await this.commands.run(['mkfifo', '-m', '600', path]);
    }
    const fd = await promisify(openDescriptor)(path, constants.O_RDWR | constants.O_NONBLOCK);
    let reader: Socket;
    try {
      reader = new Socket({ fd, readable: true, writable: false });
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    const log: OpenLog = {
      reader,
      file: new RotatingFile(
        this.logFileOf(id),
        this.config.accessLogMaxBytes,
        this.config.accessLogBackupCount,
      ),
      unwritten: 0,
    };
    reader.on('error', (error) =>
      this.logger.warn({ loadbalancer_id: id, err: error.message }, 'access log pipe failed'),
    );
    const lines = new LineReader();
    reader.on('data', (chunk: Buffer) => this.receive(id, log, lines.push(chunk)));
    return log;
  }

  private receive(id: string, log: OpenLog, lines: string[]): void {
    const tenantLines: string[] = [];
    for (const line of lines) {
      const message = parseRfc5424(line);
      if (!message) continue;
      if (message.facility === TENANT_FACILITY) {
        tenantLines.push(message.text);
        this.forward(this.tenantTargets, line);
      } else this.administrative(id, message, line);
    }
    if (tenantLines.length > 0 && !this.config.disableLocalLogStorage) this.store(id, log, tenantLines);
  }

  /**
   * Appends to the file without ever pausing the pipe (a paused reader would let it fill and haproxy drop
   * lines at its 64 KiB); a disk that falls MAX_UNWRITTEN_BYTES behind loses lines here instead, counted.
   */
  private store(id: string, log: OpenLog, lines: string[]): void {
    const bytes = lines.reduce((sum, line) => sum + line.length + 1, 0);
    if (log.unwritten + bytes > MAX_UNWRITTEN_BYTES) {
      accessLogLinesDropped.inc(lines.length);
      return;
    }
    log.unwritten += bytes;
    log.file
      .append(lines)
      .catch((error: Error) =>
        this.logger.warn({ loadbalancer_id: id, err: error.message }, 'access log write failed'),
      )
      .finally(() => (log.unwritten -= bytes));
  }

  private administrative(id: string, message: SyslogMessage, line: string): void {
    if (this.adminTargets.length > 0) this.forward(this.adminTargets, line);
    else this.logger.log({ loadbalancer_id: id, severity: message.severity }, `haproxy: ${message.text}`);
  }

  private forward(targets: LogTarget[], line: string): void {
    for (const target of targets) {
      let socket = this.udp.get(target.family);
      if (!socket) {
        socket = createSocket(target.family === 4 ? 'udp4' : 'udp6');
        socket.on('error', (error) => this.logger.warn({ err: error.message }, 'log forwarding failed'));
        this.udp.set(target.family, socket);
      }
      socket.send(Buffer.from(line), target.port, target.address);
    }
  }
}
