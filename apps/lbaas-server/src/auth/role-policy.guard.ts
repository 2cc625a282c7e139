import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { isReadMethod, type RequestWithCaller } from './caller';

/**
 * Reads need one of the policy's roles, writes (POST, PUT, PATCH, DELETE) a member's or an admin's,
 * whichever way the caller was identified. Finer rules (admin-only endpoints, other projects' objects,
 * quotas) live in the services.
 */
@Injectable()
export class RolePolicyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<RequestWithCaller>();
    const caller = request.caller;
    if (!caller) return true;
    if (isReadMethod(request.method)) {
      if (caller.canRead) return true;
      throw new ForbiddenException(
        `Policy does not allow this request: roles ${caller.roles.join(', ') || '(none)'} give no access to the load-balancer API`,
      );
    }
    if (caller.canWrite) return true;
    throw new ForbiddenException('Policy does not allow this request: the reader role may only read');
  }
}
