import { Module } from '@nestjs/common';
import { ContainersController, SecretsController } from './certificates.controller';
import { CertificatesService } from './certificates.service';

@Module({
  controllers: [SecretsController, ContainersController],
  providers: [CertificatesService],
  exports: [CertificatesService],
})
export class CertificatesModule {}
