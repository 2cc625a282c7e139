import 'reflect-metadata';
import { HttpException, Logger, ValidationPipe } from '@nestjs/common';
import {
  agentBrokerUser,
  checkConfig,
  listAgents,
  MANAGE_USAGE,
  purge,
  reschedule,
  resealSecrets,
  UsageError,
} from './manage/manage-commands';
import { RejectNulCharactersPipe } from './platform/api-errors/nul-characters';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoLogger } from 'nestjs-pino';
import { agentSenderProblem, PLUGIN_TOPIC } from '@lbaas/contracts';
import { ConfigError, describeConfig, loadConfig } from '@lbaas/config';
import { AmqpConnection, redactUrl, RpcServerTransport } from '@lbaas/rpc';
import { validationException } from './platform/api-errors/validation-errors';
import { AppModule } from './app.module';
import { ServerConfig } from './platform/config/server.config';
import { databaseProblem } from './database/connection-check';
import { downgrade, migrate } from './database/migration-commands';
import { serveOpenApi } from './platform/openapi/openapi';
import { serveUi } from './platform/ui/serve-ui';

const USAGE = 'usage: lbaas-server [serve|migrate|downgrade <migration>] [--config-file <path>]...';

async function serve(config: ServerConfig): Promise<void> {
  const problem = await databaseProblem(config.databaseConnection);
  if (problem)
    console.error(
      `lbaas-server: cannot use the database at ${redactUrl(config.databaseConnection)} (retrying): ${problem}`,
    );
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoLogger));
  // API answers carry no ETag (neither does Octavia's, and no client revalidates them): hashing every
  // answer cost a twentieth of a long list's time.
  app.set('etag', false);
  app.useGlobalPipes(
    new RejectNulCharactersPipe(),
    new ValidationPipe({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      stopAtFirstError: true,
      exceptionFactory: validationException,
    }),
  );
  app.connectMicroservice(
    {
      strategy: new RpcServerTransport(app.get(AmqpConnection), {
        queue: PLUGIN_TOPIC,
        bindings: [PLUGIN_TOPIC],
        prefetch: 10,
        refuseSender: (userId, args) => agentSenderProblem(userId, args, config.requireAgentBrokerUsers),
      }),
    },
    { inheritAppConfig: false },
  );
  serveUi(app);
  serveOpenApi(app, process.env.npm_package_version ?? '0.1.0');
  // Exit once the shutdown hooks are done, whatever timers or sockets are still open (a stop must not
  // hang until systemd's SIGKILL).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.startAllMicroservices();
  await app.listen(config.bindPort, config.bindHost);
  new Logger('lbaas-server').log(
    { config: describeConfig(config) },
    `lbaas-server listening on http://${config.bindHost}:${config.bindPort}`,
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'serve';
  let config: ServerConfig;
  try {
    config = loadConfig(ServerConfig, { argv, env: process.env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`lbaas-server: ${error.message}`);
    process.exit(2);
  }
  const operand = argv
    .slice(1)
    .find((arg, i, rest) => !arg.startsWith('-') && rest[i - 1] !== '--config-file');
  try {
    switch (command) {
      case 'serve':
        return await serve(config);
      case 'migrate':
        return await migrate(config.databaseConnection);
      case 'downgrade':
        return await downgrade(config.databaseConnection, operand);
      case 'check-config':
        return checkConfig(config);
      case 'agents':
        return await listAgents(config);
      case 'reschedule':
        return await reschedule(config, operand);
      case 'purge':
        return await purge(config, argv);
      case 'seal-secrets':
        return await resealSecrets(config, 'seal');
      case 'unseal-secrets':
        return await resealSecrets(config, 'unseal');
      case 'agent-broker-user':
        return agentBrokerUser(config, operand);
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof HttpException)) throw error;
    console.error(`lbaas-server: ${error.message}\n${USAGE}\n${MANAGE_USAGE}`);
    process.exit(2);
  }
}

main().catch((error: unknown) => {
  console.error('lbaas-server: fatal:', error);
  process.exit(1);
});
