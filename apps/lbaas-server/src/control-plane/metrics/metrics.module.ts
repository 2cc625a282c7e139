import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { ApiMetricsMiddleware } from './api-metrics.middleware';
import { InventoryMetricsService } from './inventory-metrics.service';
import { MetricsController } from './metrics.controller';

/** GET /metrics (Prometheus text): API traffic, inventory, RPC, scheduling and failovers. */
@Module({
  imports: [AgentsModule],
  controllers: [MetricsController],
  providers: [InventoryMetricsService],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ApiMetricsMiddleware).forRoutes('*path');
  }
}
