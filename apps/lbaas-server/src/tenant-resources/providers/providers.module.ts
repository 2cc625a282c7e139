import { Module } from '@nestjs/common';
import { LbGraphModule } from '../../lb-graph/lb-graph.module';
import { ProvidersController } from './providers.controller';

@Module({ imports: [LbGraphModule], controllers: [ProvidersController] })
export class ProvidersModule {}
