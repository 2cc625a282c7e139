import { Module } from '@nestjs/common';
import {
  AvailabilityZoneProfilesController,
  AvailabilityZonesController,
} from './availability-zones.controller';
import { AvailabilityZonesService } from './availability-zones.service';

/** Octavia's availability zones and their profiles (2.14); the deployer registry comes from the global provisioning module. */
@Module({
  controllers: [AvailabilityZoneProfilesController, AvailabilityZonesController],
  providers: [AvailabilityZonesService],
  exports: [AvailabilityZonesService],
})
export class AvailabilityZonesModule {}
