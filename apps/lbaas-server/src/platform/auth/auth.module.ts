import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RequestContextMiddleware } from '@lbaas/logging';
import { ServerConfig } from '../config/server.config';
import { KeystoneAuthMiddleware } from './keystone/keystone-auth.middleware';
import { KeystoneTokenValidator } from './keystone/keystone-token-validator.service';
import { NoauthMiddleware } from './noauth.middleware';
import { NoauthProjectsController } from './noauth-projects.controller';
import { RolePolicyGuard } from './role-policy.guard';

/** Identifies the caller of every API request (noauth headers or Keystone tokens) and applies the roles. */
@Module({
  providers: [
    NoauthMiddleware,
    KeystoneAuthMiddleware,
    KeystoneTokenValidator,
    { provide: APP_GUARD, useClass: RolePolicyGuard },
  ],
  controllers: [NoauthProjectsController],
  // The service user's token also reaches other services (network_driver = neutron).
  exports: [KeystoneTokenValidator],
})
export class AuthModule implements NestModule {
  constructor(private readonly config: ServerConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    const identify = this.config.authStrategy === 'keystone' ? KeystoneAuthMiddleware : NoauthMiddleware;
    // The request id first, so everything after it (and the RPC it sends) carries it.
    consumer.apply(RequestContextMiddleware, identify).forRoutes('*path');
  }
}
