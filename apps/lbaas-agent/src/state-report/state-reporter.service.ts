import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  AGENT_BINARY,
  AGENT_TOPIC,
  AGENT_TYPE,
  type AgentStateReport,
  PLUGIN_TOPIC,
  PluginMethod,
} from '@lbaas/contracts';
import { RpcClient } from '@lbaas/rpc';
import { AgentConfig } from '../config/agent.config';
import { DeviceDriver } from '../driver/device-driver';

/** How long the report saying the agent stops may wait in the queue for a busy server. */
const LAST_REPORT_EXPIRATION_S = 60;

/** Sends the heartbeat (`report_state`) every `report_interval` seconds. */
@Injectable()
export class StateReporterService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(StateReporterService.name);
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** Stays true until the server has received one report of this process (neutron's start_flag). */
  private startFlag = true;
  private lastReportFailed = false;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: AgentConfig,
    private readonly rpc: RpcClient,
    private readonly driver: DeviceDriver,
  ) {}

  onApplicationBootstrap(): void {
    void this.reportLoop();
  }

  /**
   * Stops the loop first on shutdown, while RPC still works, and says it is stopping: the server then
   * waits agent_down_time for it to come back instead of moving its load balancers at once.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // After the report under way, so that the server cannot take that one for the last.
    await this.sending;
    await this.reportOnce(true);
  }

  buildReport(instances: number, stopping = false): AgentStateReport {
    return {
      host: this.config.host,
      binary: AGENT_BINARY,
      topic: AGENT_TOPIC,
      agent_type: AGENT_TYPE,
      start_flag: this.startFlag,
      configurations: {
        device_driver: this.config.deviceDriverName,
        interface_driver: this.config.interfaceDriverName,
        instances,
        topologies: this.driver.topologies(),
        report_interval: this.config.reportInterval,
        periodic_interval: this.config.periodicInterval,
        broker_tls: this.config.rabbitSsl,
        stopping,
      },
      availability_zone: this.config.availabilityZone,
    };
  }

  /** One heartbeat (the last one with `stopping`); it expires in the queue when it is too old to matter. */
  reportOnce(stopping = false): Promise<void> {
    this.sending = this.send(stopping);
    return this.sending;
  }

  private async send(stopping: boolean): Promise<void> {
    // A heartbeat older than one interval is worthless; the last one must outlive a busy server.
    const expirationMs = (stopping ? LAST_REPORT_EXPIRATION_S : this.config.reportInterval) * 1000;
    const report = this.buildReport((await this.driver.deployedIds()).length, stopping);
    try {
      await this.rpc.cast(PLUGIN_TOPIC, PluginMethod.ReportState, { ...report }, { expirationMs });
      this.startFlag = false;
      if (this.lastReportFailed)
        this.logger.log({ agent_host: this.config.host }, 'state reports reach the server again');
      this.lastReportFailed = false;
    } catch (error) {
      if (!this.lastReportFailed) {
        this.logger.warn(
          { agent_host: this.config.host, err: (error as Error).message },
          'failed to send the state report',
        );
      }
      this.lastReportFailed = true;
    }
  }

  private async reportLoop(): Promise<void> {
    if (this.stopped) return;
    const started = Date.now();
    await this.reportOnce();
    if (this.stopped) return;
    const wait = Math.max(0, this.config.reportInterval * 1000 - (Date.now() - started));
    this.timer = setTimeout(() => void this.reportLoop(), wait);
  }
}
