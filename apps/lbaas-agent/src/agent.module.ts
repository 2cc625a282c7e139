import { type DynamicModule, Module } from '@nestjs/common';
import { loggingModule } from '@lbaas/logging';
import { AmqpConnection, RpcClient } from '@lbaas/rpc';
import { AgentConfig } from './config/agent.config';
import { StateReporterService } from './state-report/state-reporter.service';

@Module({})
export class AgentModule {
  /** The broker connection is made by main(), which also hands it to the RPC server transport. */
  static forRoot(config: AgentConfig, connection: AmqpConnection): DynamicModule {
    return {
      module: AgentModule,
      imports: [
        loggingModule({
          binary: 'lbaas-agent',
          host: config.host,
          level: config.logLevel,
          logFile: config.logFile,
        }),
      ],
      providers: [
        { provide: AgentConfig, useValue: config },
        { provide: AmqpConnection, useValue: connection },
        { provide: RpcClient, useFactory: () => new RpcClient(connection, config.rpcResponseTimeout * 1000) },
        StateReporterService,
      ],
    };
  }
}
