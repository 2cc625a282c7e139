import { Module } from '@nestjs/common';
import { ListenersModule } from '../listeners/listeners.module';
import { QuotasModule } from '../quotas/quotas.module';
import { LbGraphModule } from '../../lb-graph/lb-graph.module';
import { L7PoliciesService } from './l7-policies.service';
import { L7RulesService } from './l7-rules.service';
import { L7PoliciesController, L7RulesController } from './l7.controller';

@Module({
  imports: [LbGraphModule, ListenersModule, QuotasModule],
  controllers: [L7PoliciesController, L7RulesController],
  providers: [L7PoliciesService, L7RulesService],
  exports: [L7PoliciesService, L7RulesService],
})
export class L7Module {}
