import { Body, Controller, Get, HttpCode, NotFoundException, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServerConfig } from '../config/server.config';
import type { DashboardSession, DashboardSettings } from '@lbaas/contracts';
import { KeystoneLoginService } from './keystone-login.service';
import { UiLoginRequest } from './ui-login.dto';

/** The two things the dashboard needs beyond the REST API: how to log in, and the Keystone login itself. */
@ApiExcludeController()
@Controller('ui/api')
export class UiController {
  constructor(
    private readonly config: ServerConfig,
    private readonly keystone: KeystoneLoginService,
  ) {}

  /** Which login form to show (noauth: pick a project and roles; keystone: user, password, project). */
  @Get('settings')
  settings(): DashboardSettings {
    return {
      auth_strategy: this.config.authStrategy as DashboardSettings['auth_strategy'],
      ...(this.config.authStrategy === 'noauth'
        ? { default_project_id: this.config.noauthDefaultProjectId }
        : {}),
    };
  }

  @Post('session')
  @HttpCode(201)
  async login(@Body() body: UiLoginRequest): Promise<{ session: DashboardSession }> {
    if (this.config.authStrategy !== 'keystone') {
      throw new NotFoundException(
        'No login without Keystone (auth_strategy = noauth): choose a project instead',
      );
    }
    return { session: await this.keystone.login(body.auth) };
  }
}
