import { Controller, Get, UseFilters } from '@nestjs/common';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { BrokerHealthIndicator } from './broker.health';
import { HealthFailureFilter } from './health-failure.filter';

/** Liveness and readiness of the server's dependencies: 200 when all are up, 503 naming the one that is down. */
@Controller('healthz')
@UseFilters(HealthFailureFilter)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly broker: BrokerHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('postgresql', { timeout: 2000 }),
      () => this.broker.check('rabbitmq'),
    ]);
  }
}
