import { type DynamicModule, Module } from '@nestjs/common';
import { loggingModule } from '@lbaas/logging';
import { AmqpConnection, RpcClient } from '@lbaas/rpc';
import { AccessLogService } from './access-log/access-log.service';
import { AgentConfig } from './config/agent.config';
import { HaproxyProcess } from './driver/haproxy-process';
import { KeepalivedProcess } from './driver/keepalived-process';
import { InterfaceDriver } from './driver/interface/interface-driver';
import { LinuxBridgeInterfaceDriver } from './driver/interface/linuxbridge.driver';
import { OvsInterfaceDriver } from './driver/interface/ovs.driver';
import { LoadBalancerLocks } from './driver/load-balancer-locks';
import { MachineLocks } from './driver/machine-locks';
import { DeviceDriver } from './driver/device-driver';
import { DryRunDriver } from './driver/dry-run.driver';
import { NamespaceDriver } from './driver/namespace.driver';
import { UdpNat } from './driver/udp-nat';
import { CheckHelpers } from './driver/check-helpers';
import { LoadBalancerManager } from './reconcile/load-balancer-manager';
import { MetricsServerService } from './metrics/metrics-server.service';
import { ReconcileService } from './reconcile/reconcile.service';
import { UdpMemberWatchService } from './reconcile/udp-member-watch.service';
import { AgentRpcController } from './rpc/agent-rpc.controller';
import { StateReporterService } from './state-report/state-reporter.service';
import { CommandRunner } from './system/command-runner';

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
        CommandRunner,
        HaproxyProcess,
        { provide: MachineLocks, useFactory: () => new MachineLocks() },
        {
          provide: InterfaceDriver,
          inject: [CommandRunner, AgentConfig],
          useFactory: (commands: CommandRunner, agentConfig: AgentConfig) =>
            agentConfig.interfaceDriverName === 'ovs'
              ? new OvsInterfaceDriver(commands, agentConfig)
              : new LinuxBridgeInterfaceDriver(commands, agentConfig),
        },
        AccessLogService,
        UdpNat,
        KeepalivedProcess,
        {
          provide: DeviceDriver,
          useClass: config.deviceDriverName === 'noop' ? DryRunDriver : NamespaceDriver,
        },
        CheckHelpers,
        LoadBalancerLocks,
        LoadBalancerManager,
        MetricsServerService,
        ReconcileService,
        UdpMemberWatchService,
      ],
      controllers: [AgentRpcController],
    };
  }
}
