import { Module } from '@nestjs/common';
import { NetworkingModule } from '../../cloud-apis/networking/networking.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { InstancesService } from './instances.service';

@Module({
  imports: [SchedulerModule, NetworkingModule],
  providers: [InstancesService],
  exports: [InstancesService],
})
export class InstancesModule {}
