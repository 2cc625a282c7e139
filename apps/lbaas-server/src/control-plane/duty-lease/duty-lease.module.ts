import { Global, Module } from '@nestjs/common';
import { DutyLease } from './duty-lease.service';

/** Global: every periodic duty asks the same lease whether this replica runs it. */
@Global()
@Module({ providers: [DutyLease], exports: [DutyLease] })
export class DutyLeaseModule {}
