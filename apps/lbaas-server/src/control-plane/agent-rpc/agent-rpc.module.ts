import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { CertificatesModule } from '../../cloud-apis/certificates/certificates.module';
import { LbGraphModule } from '../../lb-graph/lb-graph.module';
import { NetworkingModule } from '../../cloud-apis/networking/networking.module';
import { ProvisioningModule } from '../provisioning/provisioning.module';
import { InstancesModule } from '../instances/instances.module';
import { StatsModule } from '../stats/stats.module';
import { LoadBalancerGraphService } from './loadbalancer-graph.service';
import { PluginRpcController } from './plugin-rpc.controller';

/** The server's side of the agent contract (docs/ARCHITECTURE.md, "Wire contract"). */
@Module({
  imports: [
    AgentsModule,
    ProvisioningModule,
    InstancesModule,
    LbGraphModule,
    StatsModule,
    CertificatesModule,
    NetworkingModule,
  ],
  controllers: [PluginRpcController],
  providers: [LoadBalancerGraphService],
})
export class AgentRpcModule {}
