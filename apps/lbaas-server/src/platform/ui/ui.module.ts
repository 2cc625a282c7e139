import { Module } from '@nestjs/common';
import { KeystoneLoginService } from './keystone-login.service';
import { UiController } from './ui.controller';

/** The built-in dashboard's server side: its settings and Keystone login (the pages: serve-ui.ts). */
@Module({ providers: [KeystoneLoginService], controllers: [UiController] })
export class UiModule {}
