import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AGENT_FANOUT_EXCHANGE, AGENT_QUEUE_EXPIRES_MS, agentRoutingKey } from '@lbaas/contracts';
import { ConfigError, describeConfig, loadConfig } from '@lbaas/config';
import { AmqpConnection, brokerTls, RpcServerTransport } from '@lbaas/rpc';
import { AgentModule } from './agent.module';
import { AgentConfig } from './config/agent.config';
import { CONCURRENT_LOAD_BALANCERS } from './reconcile/load-balancer-manager';

async function main(): Promise<void> {
  let config: AgentConfig;
  try {
    config = loadConfig(AgentConfig, { argv: process.argv.slice(2), env: process.env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`lbaas-agent: ${error.message}`);
    process.exit(2);
  }
  mkdirSync(config.statePath, { recursive: true, mode: 0o700 });

  const connection = new AmqpConnection({
    url: config.transportUrl,
    connectionName: `lbaas-agent@${config.host}`,
    tls: brokerTls(config),
  });
  const queue = agentRoutingKey(config.host);
  const app = await NestFactory.createMicroservice(AgentModule.forRoot(config, connection), {
    strategy: new RpcServerTransport(connection, {
      queue,
      bindings: [queue],
      fanoutExchange: AGENT_FANOUT_EXCHANGE,
      queueArguments: { 'x-expires': AGENT_QUEUE_EXPIRES_MS },
      // Work on load balancers is slow (processes, namespaces); a few at a time is plenty.
      prefetch: CONCURRENT_LOAD_BALANCERS,
    }),
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoLogger));
  // Exit once the shutdown hooks are done, whatever timers or sockets are still open (a stop must not
  // hang until systemd's SIGKILL).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen();
  new Logger('lbaas-agent').log(
    { agent_host: config.host, config: describeConfig(config) },
    `lbaas-agent started on host ${config.host}`,
  );
}

main().catch((error: unknown) => {
  console.error('lbaas-agent: fatal:', error);
  process.exit(1);
});
