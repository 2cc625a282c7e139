import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { AmqpConnection } from '@lbaas/rpc';

/** Up while the broker connection is open (it reconnects by itself; this only reports). */
@Injectable()
export class BrokerHealthIndicator {
  constructor(
    private readonly connection: AmqpConnection,
    private readonly health: HealthIndicatorService,
  ) {}

  check(key: string): HealthIndicatorResult {
    const indicator = this.health.check(key);
    return this.connection.isConnected()
      ? indicator.up()
      : indicator.down({ message: 'not connected to the message broker; reconnecting' });
  }
}
