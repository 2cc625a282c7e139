import { Module } from '@nestjs/common';
import { NetworksController, PortsController, SubnetsController } from './networks.controller';
import { NetworkingService } from './networking.service';

@Module({
  controllers: [NetworksController, SubnetsController, PortsController],
  providers: [NetworkingService],
  exports: [NetworkingService],
})
export class NetworkingModule {}
