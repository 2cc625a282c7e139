import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** Who is calling: the project the request acts for, and its roles (from noauth headers or Keystone). */
export class Caller {
  constructor(
    readonly projectId: string,
    readonly roles: readonly string[],
  ) {}

  get isAdmin(): boolean {
    return this.roles.includes('admin');
  }

  /** Members and admins change things; a reader only reads. */
  get canWrite(): boolean {
    return this.isAdmin || this.roles.includes('member');
  }

  /** Owner or admin: anyone else is told the object does not exist (404), as OpenStack does. */
  canAccess(projectId: string): boolean {
    return this.isAdmin || projectId === this.projectId;
  }
}

export interface RequestWithCaller extends Request {
  caller?: Caller;
}

/** The caller of the current request, set by the auth middleware. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>().caller;
  if (!caller) throw new Error('auth middleware did not run for this route');
  return caller;
});
