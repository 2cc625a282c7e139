import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { RequestContextMiddleware } from '@lbaas/logging';
import { NoauthMiddleware } from './noauth.middleware';

/** Identifies the caller of every API request (noauth headers today; Keystone tokens later). */
@Module({ providers: [NoauthMiddleware] })
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The request id first, so everything after it (and the RPC it sends) carries it.
    consumer.apply(RequestContextMiddleware, NoauthMiddleware).forRoutes('*path');
  }
}
