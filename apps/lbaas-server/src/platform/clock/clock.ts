import { Injectable } from '@nestjs/common';

/** The time source of the server's rules (liveness, timeouts), replaceable in tests. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
