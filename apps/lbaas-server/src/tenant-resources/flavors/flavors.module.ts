import { Module } from '@nestjs/common';
import { FlavorProfilesController, FlavorsController } from './flavors.controller';
import { FlavorsService } from './flavors.service';

/** Octavia's flavors and flavor profiles (2.6); the deployer registry comes from the global provisioning module. */
@Module({
  controllers: [FlavorProfilesController, FlavorsController],
  providers: [FlavorsService],
  exports: [FlavorsService],
})
export class FlavorsModule {}
