import { Module } from '@nestjs/common';
import { AuthModule } from '../../platform/auth/auth.module';
import { ServerConfig } from '../../platform/config/server.config';
import { BuiltinNetworkDriver } from './builtin.network-driver';
import { ExtensionsController } from './extensions.controller';
import { FloatingIpsController } from './floating-ips.controller';
import { NetworkDriver } from './network-driver';
import { NetworksController } from './networks.controller';
import { NetworksService } from './networks.service';
import { NeutronClient } from './neutron/neutron-client';
import { NeutronNetworkDriver } from './neutron/neutron.network-driver';
import { NeutronOrphanSweeper } from './neutron/neutron-orphan-sweeper.service';
import { PortsController } from './ports.controller';
import { PortsService } from './ports.service';
import { SubnetsController } from './subnets.controller';
import { SubnetsService } from './subnets.service';
import { VipAllocatorService } from './vip-allocator.service';

/**
 * The network driver the configuration names ([controller_worker] network_driver): members check their
 * subnet with it, load balancers get their VIP port from it, deployments bind the port with it.
 */
@Module({
  imports: [AuthModule],
  providers: [
    NetworksService,
    SubnetsService,
    PortsService,
    VipAllocatorService,
    BuiltinNetworkDriver,
    NeutronClient,
    NeutronNetworkDriver,
    NeutronOrphanSweeper,
    {
      provide: NetworkDriver,
      inject: [ServerConfig, BuiltinNetworkDriver, NeutronNetworkDriver],
      useFactory: (config: ServerConfig, builtin: BuiltinNetworkDriver, neutron: NeutronNetworkDriver) =>
        config.networkDriver === 'neutron' ? neutron : builtin,
    },
  ],
  exports: [NetworkDriver, NetworksService, SubnetsService, PortsService, VipAllocatorService],
})
export class NetworkingModule {}

/**
 * The builtin networking API (neutron's /v2.0 networks, subnets, ports): served with network_driver =
 * builtin only; with Neutron, clients ask Neutron itself.
 */
@Module({
  imports: [NetworkingModule],
  controllers: [
    NetworksController,
    SubnetsController,
    PortsController,
    ExtensionsController,
    FloatingIpsController,
  ],
})
export class NetworkingApiModule {}
