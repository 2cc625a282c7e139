import { Module } from '@nestjs/common';
import { ProvisioningModule } from '../../control-plane/provisioning/provisioning.module';
import { ProvidersController } from './providers.controller';

@Module({ imports: [ProvisioningModule], controllers: [ProvidersController] })
export class ProvidersModule {}
