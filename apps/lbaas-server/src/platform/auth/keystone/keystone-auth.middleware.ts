import {
  ForbiddenException,
  Injectable,
  type NestMiddleware,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { Caller, isReadMethod, type RequestWithCaller } from '../caller';
import { TokenScopeError } from './keystone-token';
import { IdentityUnavailableError, KeystoneTokenValidator } from './keystone-token-validator.service';

/**
 * Paths anyone may read, as with Octavia behind keystonemiddleware: version discovery, health, docs; and
 * the dashboard's pages and login (what the pages then show comes from the API, with the user's token).
 */
const PUBLIC_PATHS = new Set(['/', '/v2', '/v2.0', '/healthz', '/metrics', '/openapi.json', '/docs']);

export function isPublicPath(path: string): boolean {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return (
    PUBLIC_PATHS.has(normalized) ||
    normalized.startsWith('/docs/') ||
    normalized === '/ui' ||
    normalized.startsWith('/ui/')
  );
}

/** `auth_strategy = keystone`: the caller is the project and roles of a valid X-Auth-Token. */
@Injectable()
export class KeystoneAuthMiddleware implements NestMiddleware {
  constructor(private readonly validator: KeystoneTokenValidator) {}

  async use(request: RequestWithCaller, response: Response, next: NextFunction): Promise<void> {
    if (isPublicPath(new URL(request.originalUrl, 'http://x').pathname)) return next();
    const header = request.headers['x-auth-token'];
    const token = Array.isArray(header) ? header[0] : header;
    if (!token)
      throw this.unauthorized(response, 'Authentication required: send a Keystone token in X-Auth-Token');
    let validated;
    try {
      validated = await this.validator.validate(token);
    } catch (error) {
      if (error instanceof TokenScopeError)
        throw new ForbiddenException(`Policy does not allow this request: ${error.message}`);
      if (error instanceof IdentityUnavailableError) {
        throw new ServiceUnavailableException(
          'The identity service (Keystone) cannot be reached; try again later',
        );
      }
      throw error;
    }
    if (!validated) throw this.unauthorized(response, 'The token is not valid: unknown, revoked or expired');
    request.caller = new Caller(validated.projectId, validated.roles, isReadMethod(request.method));
    next();
  }

  private unauthorized(response: Response, message: string): UnauthorizedException {
    response.setHeader('WWW-Authenticate', `Keystone uri="${this.validator.authUri}"`);
    return new UnauthorizedException(message);
  }
}
