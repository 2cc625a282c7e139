import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { RequestContextMiddleware } from '@lbaas/logging';
import { NoauthMiddleware } from './noauth.middleware';
import { NoauthProjectsController } from './noauth-projects.controller';

/** Identifies the caller of every API request (noauth headers today; Keystone tokens later). */
@Module({ providers: [NoauthMiddleware], controllers: [NoauthProjectsController] })
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The request id first, so everything after it (and the RPC it sends) carries it.
    consumer.apply(RequestContextMiddleware, NoauthMiddleware).forRoutes('*path');
  }
}
