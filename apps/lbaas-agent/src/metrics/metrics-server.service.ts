import { createServer, type Server } from 'node:http';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { AgentConfig } from '../config/agent.config';
import { DeviceDriver } from '../driver/device-driver';

/**
 * GET /metrics on metrics_bind_host:metrics_port (the agent has no other HTTP endpoint). A port that is
 * taken (another agent on the same machine) is logged, not fatal: the data plane matters more.
 */
@Injectable()
export class MetricsServerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServerService.name);
  private server?: Server;

  constructor(
    private readonly config: AgentConfig,
    driver: DeviceDriver,
  ) {
    register.removeSingleMetric('lbaas_agent_haproxy_processes');
    new Gauge({
      name: 'lbaas_agent_haproxy_processes',
      help: 'Load balancers of this agent whose haproxy is running.',
      async collect() {
        let serving = 0;
        for (const id of await driver.deployedIds()) if (await driver.isServing(id)) serving++;
        this.set(serving);
      },
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.metricsPort === 0) return;
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
        return;
      }
      register
        .metrics()
        .then((text) => res.writeHead(200, { 'Content-Type': register.contentType }).end(text))
        .catch((error: Error) =>
          res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${error.message}\n`),
        );
    });
    this.server.on('error', (error: Error) =>
      this.logger.warn(
        { err: error.message, port: this.config.metricsPort },
        'metrics endpoint not available',
      ),
    );
    this.server.listen(this.config.metricsPort, this.config.metricsBindHost, () =>
      this.logger.log(
        { address: `${this.config.metricsBindHost}:${this.config.metricsPort}` },
        'serving GET /metrics',
      ),
    );
  }

  onApplicationShutdown(): void {
    this.server?.close();
  }
}
