import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { NoauthMiddleware } from './noauth.middleware';

/** Identifies the caller of every API request (noauth headers today; Keystone tokens later). */
@Module({ providers: [NoauthMiddleware] })
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(NoauthMiddleware).forRoutes('*path');
  }
}
