import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { loggingModule } from '@lbaas/logging';
import { AmqpConnection, brokerTls, RpcClient } from '@lbaas/rpc';
import { hostname } from 'node:os';
import { AgentRpcModule } from './control-plane/agent-rpc/agent-rpc.module';
import { AgentsModule } from './control-plane/agents/agents.module';
import { DutyLeaseModule } from './control-plane/duty-lease/duty-lease.module';
import { AmphoraeModule } from './control-plane/amphorae/amphorae.module';
import { ApiExceptionFilter } from './platform/api-errors/api-exception.filter';
import { AuthModule } from './platform/auth/auth.module';
import { CertificatesModule } from './cloud-apis/certificates/certificates.module';
import { ClockModule } from './platform/clock/clock.module';
import { ServerConfig } from './platform/config/server.config';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './platform/health/health.module';
import { UiModule } from './platform/ui/ui.module';
import { MetricsModule } from './control-plane/metrics/metrics.module';
import { HealthMonitorsModule } from './tenant-resources/healthmonitors/healthmonitors.module';
import { L7Module } from './tenant-resources/l7/l7.module';
import { ListenersModule } from './tenant-resources/listeners/listeners.module';
import { LoadBalancersModule } from './tenant-resources/loadbalancers/loadbalancers.module';
import { MembersModule } from './tenant-resources/members/members.module';
import { PoolsModule } from './tenant-resources/pools/pools.module';
import { ProvidersModule } from './tenant-resources/providers/providers.module';
import { FlavorsModule } from './tenant-resources/flavors/flavors.module';
import { AvailabilityZonesModule } from './tenant-resources/availability-zones/availability-zones.module';
import { NetworkingApiModule, NetworkingModule } from './cloud-apis/networking/networking.module';
import { QueryParametersInterceptor } from './platform/query-parameters/query-parameters.interceptor';
import { QuotasModule } from './tenant-resources/quotas/quotas.module';
import { VersionsController } from './platform/versions/versions.controller';

/** Providers every feature module may inject: the configuration and the broker connection. */
@Module({})
export class CoreModule {
  static forRoot(config: ServerConfig): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      providers: [
        { provide: ServerConfig, useValue: config },
        {
          provide: AmqpConnection,
          useFactory: () =>
            new AmqpConnection({
              url: config.transportUrl,
              connectionName: `lbaas-server@${hostname()}`,
              tls: brokerTls(config),
            }),
        },
        {
          provide: RpcClient,
          inject: [AmqpConnection],
          useFactory: (connection: AmqpConnection) =>
            new RpcClient(connection, config.rpcResponseTimeout * 1000),
        },
      ],
      exports: [ServerConfig, AmqpConnection, RpcClient],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: ServerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule({
          binary: 'lbaas-server',
          host: hostname(),
          level: config.logLevel,
          logFile: config.logFile,
        }),
        CoreModule.forRoot(config),
        ClockModule,
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.databaseConnection, config.debugSql),
          // Keep trying while PostgreSQL starts up (e.g. the whole node reboots at once).
          retryAttempts: 60,
          retryDelay: 2000,
        }),
        HealthModule,
        UiModule,
        AuthModule,
        DutyLeaseModule,
        AgentsModule,
        AmphoraeModule,
        AgentRpcModule,
        // Our own networking API only when we are the network's owner (else clients ask Neutron).
        config.networkDriver === 'builtin' ? NetworkingApiModule : NetworkingModule,
        CertificatesModule,
        QuotasModule,
        LoadBalancersModule,
        ListenersModule,
        PoolsModule,
        MembersModule,
        HealthMonitorsModule,
        L7Module,
        ProvidersModule,
        FlavorsModule,
        AvailabilityZonesModule,
        MetricsModule,
      ],
      controllers: [VersionsController],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: QueryParametersInterceptor },
      ],
    };
  }
}
