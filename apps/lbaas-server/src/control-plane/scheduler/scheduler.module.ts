import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { SchedulerService } from './scheduler.service';

@Module({ imports: [AgentsModule], providers: [SchedulerService], exports: [SchedulerService] })
export class SchedulerModule {}
