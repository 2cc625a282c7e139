import { Injectable, Logger, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { ServerConfig } from '../config/server.config';
import { identityV3Url, passwordTokenRequest, readValidatedToken } from '../auth/keystone/keystone-token';
import type { DashboardSession } from '@lbaas/contracts';
import type { UiLoginBody } from './ui-login.dto';

/**
 * The dashboard's Keystone login: the user's own password authentication, made by the server because
 * the browser knows only this origin (Keystone's may be unreachable from it or lack CORS). The token is
 * the user's: every API call the dashboard then makes is checked as any other client's.
 */
@Injectable()
export class KeystoneLoginService {
  private readonly logger = new Logger(KeystoneLoginService.name);

  constructor(private readonly config: ServerConfig) {}

  async login(credentials: UiLoginBody): Promise<DashboardSession> {
    const url = `${identityV3Url(this.config.keystoneAuthUrl)}/auth/tokens`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(
          passwordTokenRequest({
            username: credentials.username,
            password: credentials.password,
            userDomainName: credentials.user_domain_name ?? 'Default',
            projectName: credentials.project_name,
            projectDomainName: credentials.project_domain_name ?? 'Default',
          }),
        ),
        signal: AbortSignal.timeout(this.config.keystoneTimeout * 1000),
      });
    } catch (error) {
      this.logger.warn({ url, error: (error as Error).message }, 'Keystone did not answer a dashboard login');
      throw new ServiceUnavailableException(
        'The identity service (Keystone) cannot be reached; try again later',
      );
    }
    const token = response.headers.get('x-subject-token');
    if (response.status === 401 || response.status === 404 || (response.status === 400 && !token)) {
      throw new UnauthorizedException('The user name, password or project is not right');
    }
    if (response.status !== 201 || !token) {
      throw new ServiceUnavailableException(`Keystone answered ${response.status} to the login`);
    }
    const body = (await response.json()) as {
      token: { expires_at: string; user?: { name?: string }; project?: { name?: string } };
    };
    const validated = readValidatedToken(body);
    return {
      token,
      expires_at: body.token.expires_at,
      user_name: body.token.user?.name ?? credentials.username,
      project_id: validated.projectId,
      project_name: body.token.project?.name ?? credentials.project_name,
      roles: validated.roles,
    };
  }
}
