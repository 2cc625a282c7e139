import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { chmod, chown, mkdir, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type AccessLogSettings, OctetCountedReader, parseRfc5424, type SyslogMessage } from '@lbaas/haproxy';
import { AgentConfig } from '../config/agent.config';
import { CommandRunner } from '../system/command-runner';
import { type LogTarget, parseLogTargets } from './log-targets';
import { RotatingFile } from './rotating-file';

/** Syslog facilities of haproxy's two kinds of lines (render-config.ts). */
const TENANT_FACILITY = 16;

interface OpenLog {
  server: Server;
  connections: Set<Socket>;
  file: RotatingFile;
}

/**
 * Octavia's log offloading, done on the agent's node: each load balancer's haproxy sends its log through
 * a ring buffer to a unix socket here. Request and connection lines go to `<access_log_dir>/<id>.log`
 * (rotated, bounded) and to the operator's tenant_log_targets; haproxy's own events to admin_log_targets,
 * or into the agent's log naming the load balancer. Tenants cannot reach any of it through the API.
 */
@Injectable()
export class AccessLogService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AccessLogService.name);
  private readonly open = new Map<string, OpenLog>();
  private readonly tenantTargets: LogTarget[];
  private readonly adminTargets: LogTarget[];
  private readonly udp = new Map<4 | 6, UdpSocket>();
  private groupId?: number;

  constructor(
    private readonly config: AgentConfig,
    private readonly commands: CommandRunner,
  ) {
    this.tenantTargets = parseLogTargets('tenant_log_targets', config.tenantLogTargets);
    this.adminTargets = parseLogTargets('admin_log_targets', config.adminLogTargets);
  }

  private get socketsDir(): string {
    return join(this.config.statePath, 'log-sockets');
  }

  /** Sockets haproxy (user nobody) can reach but not list; log files for root and the group to read. */
  async onModuleInit(): Promise<void> {
    await mkdir(this.socketsDir, { recursive: true });
    await chmod(this.socketsDir, 0o711);
    await mkdir(this.config.accessLogFolder, { recursive: true, mode: 0o750 });
    const { stdout } = await this.commands.run(['getent', 'group', this.config.userGroup]);
    this.groupId = Number(stdout.split(':')[2]);
  }

  async onModuleDestroy(): Promise<void> {
    for (const id of [...this.open.keys()]) await this.close(id, false);
    for (const socket of this.udp.values()) socket.close();
  }

  /** What haproxy's config says about logging for load balancer `id`. */
  settingsFor(id: string): AccessLogSettings {
    return { socket: join(this.socketsDir, `${id}.sock`), connectionLogging: this.config.connectionLogging };
  }

  logFileOf(id: string): string {
    return join(this.config.accessLogFolder, `${id}.log`);
  }

  /** Listens for load balancer `id`'s haproxy (again after an agent restart); repeating it is harmless. */
  async start(id: string): Promise<void> {
    if (this.open.has(id)) return;
    const path = this.settingsFor(id).socket;
    await rm(path, { force: true });
    const connections = new Set<Socket>();
    const file = new RotatingFile(
      this.logFileOf(id),
      this.config.accessLogMaxBytes,
      this.config.accessLogBackupCount,
    );
    const server = createServer((connection) => this.receive(id, file, connection, connections));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    server.on('error', (error) =>
      this.logger.warn({ loadbalancer_id: id, err: error.message }, 'access log socket failed'),
    );
    await chmod(path, 0o660);
    await chown(path, 0, this.groupId ?? 0);
    this.open.set(id, { server, connections, file });
  }

  /** Stops listening; with `removeFiles` (the load balancer is gone) its log files go too. */
  async close(id: string, removeFiles: boolean): Promise<void> {
    const log = this.open.get(id);
    this.open.delete(id);
    if (log) {
      for (const connection of log.connections) connection.destroy();
      await new Promise<void>((resolve) => log.server.close(() => resolve()));
    }
    await rm(this.settingsFor(id).socket, { force: true });
    if (removeFiles)
      await (log?.file ?? new RotatingFile(this.logFileOf(id), 1, this.config.accessLogBackupCount)).remove();
  }

  private receive(id: string, file: RotatingFile, connection: Socket, connections: Set<Socket>): void {
    connections.add(connection);
    connection.on('close', () => connections.delete(connection));
    connection.on('error', () => connection.destroy());
    const reader = new OctetCountedReader();
    connection.on('data', (chunk: Buffer) => {
      let frames: string[];
      try {
        frames = reader.push(chunk);
      } catch (error) {
        this.logger.warn(
          { loadbalancer_id: id, err: (error as Error).message },
          'bad access log stream; closed',
        );
        connection.destroy();
        return;
      }
      const tenantLines: string[] = [];
      for (const frame of frames) {
        const message = parseRfc5424(frame);
        if (!message) continue;
        if (message.facility === TENANT_FACILITY) {
          tenantLines.push(message.text);
          this.forward(this.tenantTargets, frame);
        } else this.administrative(id, message, frame);
      }
      if (tenantLines.length === 0 || this.config.disableLocalLogStorage) return;
      // Back-pressure: haproxy's ring holds what comes meanwhile (bounded; the oldest lines go first).
      connection.pause();
      file
        .append(tenantLines)
        .catch((error: Error) =>
          this.logger.warn({ loadbalancer_id: id, err: error.message }, 'access log write failed'),
        )
        .finally(() => connection.resume());
    });
  }

  private administrative(id: string, message: SyslogMessage, frame: string): void {
    if (this.adminTargets.length > 0) this.forward(this.adminTargets, frame);
    else this.logger.log({ loadbalancer_id: id, severity: message.severity }, `haproxy: ${message.text}`);
  }

  private forward(targets: LogTarget[], frame: string): void {
    for (const target of targets) {
      let socket = this.udp.get(target.family);
      if (!socket) {
        socket = createSocket(target.family === 4 ? 'udp4' : 'udp6');
        socket.on('error', (error) => this.logger.warn({ err: error.message }, 'log forwarding failed'));
        this.udp.set(target.family, socket);
      }
      socket.send(Buffer.from(frame), target.port, target.address);
    }
  }
}
