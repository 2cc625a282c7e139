import { BadRequestException, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { ServerConfig } from '../config/server.config';
import { Caller, isReadMethod, type RequestWithCaller } from './caller';

/** Project ids as Keystone makes them (hex) or as people type them in noauth set-ups. */
export const PROJECT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const ROLE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

function header(request: RequestWithCaller, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `auth_strategy = noauth`: the project comes from X-Project-Id (or X-Tenant-Id), the roles from X-Roles;
 * without them (e.g. `openstack --os-auth-type none`) the configured default project and roles apply.
 */
@Injectable()
export class NoauthMiddleware implements NestMiddleware {
  constructor(private readonly config: ServerConfig) {}

  use(request: RequestWithCaller, _response: Response, next: NextFunction): void {
    const projectId =
      header(request, 'x-project-id') ?? header(request, 'x-tenant-id') ?? this.config.noauthDefaultProjectId;
    if (!PROJECT_ID_PATTERN.test(projectId)) {
      throw new BadRequestException('X-Project-Id must be 1 to 64 letters, digits, "-" or "_"');
    }
    const rolesHeader = header(request, 'x-roles');
    const roles = (rolesHeader ?? this.config.noauthDefaultRoles)
      .split(',')
      .map((role) => role.trim().toLowerCase())
      .filter((role) => role !== '');
    if (roles.some((role) => !ROLE_PATTERN.test(role))) {
      throw new BadRequestException('X-Roles must be a comma-separated list of role names');
    }
    request.caller = new Caller(projectId, roles, isReadMethod(request.method));
    next();
  }
}
