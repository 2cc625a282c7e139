import { Module } from '@nestjs/common';
import { ProvisioningModule } from '../provisioning/provisioning.module';
import { ProvidersController } from './providers.controller';

@Module({ imports: [ProvisioningModule], controllers: [ProvidersController] })
export class ProvidersModule {}
