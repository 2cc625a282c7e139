import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isReadMethod, type RequestWithCaller } from './caller';

const QUOTA_ADMIN_WRITES = 'lbaas:quota-admin-writes';

/** Writes a quota admin may make without being a member (Octavia's load-balancer:write-quota). */
export const QuotaAdminWrites = () => SetMetadata(QUOTA_ADMIN_WRITES, true);

/**
 * Reads need one of the policy's roles, writes (POST, PUT, PATCH, DELETE) a member's or an admin's (or,
 * for quotas, a quota admin's), whichever way the caller was identified. Finer rules (admin-only endpoints, other projects' objects,
 * quotas) live in the services.
 */
@Injectable()
export class RolePolicyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

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
    const quotaWrite = this.reflector.getAllAndOverride<boolean>(QUOTA_ADMIN_WRITES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (quotaWrite && caller.isQuotaAdmin) return true;
    throw new ForbiddenException('Policy does not allow this request: the reader role may only read');
  }
}
