import { Module } from '@nestjs/common';
import { ExtensionsController } from './extensions.controller';
import { FloatingIpsController } from './floating-ips.controller';
import { NetworksController } from './networks.controller';
import { NetworksService } from './networks.service';
import { PortsController } from './ports.controller';
import { PortsService } from './ports.service';
import { SubnetsController } from './subnets.controller';
import { SubnetsService } from './subnets.service';
import { VipAllocatorService } from './vip-allocator.service';

/** Members check their subnet; load balancers get their VIP port from the allocator. */
@Module({
  controllers: [
    NetworksController,
    SubnetsController,
    PortsController,
    ExtensionsController,
    FloatingIpsController,
  ],
  providers: [NetworksService, SubnetsService, PortsService, VipAllocatorService],
  exports: [SubnetsService, VipAllocatorService],
})
export class NetworkingModule {}
