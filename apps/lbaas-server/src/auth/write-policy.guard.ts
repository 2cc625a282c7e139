import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { RequestWithCaller } from './caller';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Readers read: every write (POST, PUT, PATCH, DELETE) needs the member or admin role, whichever way the
 * caller was identified. Finer rules (admin-only endpoints, other projects' objects) live in the services.
 */
@Injectable()
export class WritePolicyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<RequestWithCaller>();
    if (READ_METHODS.has(request.method) || !request.caller) return true;
    if (request.caller.canWrite) return true;
    throw new ForbiddenException('Policy does not allow this request: the reader role may only read');
  }
}
