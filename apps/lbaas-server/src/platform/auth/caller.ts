import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether an HTTP method only reads. */
export function isReadMethod(method: string): boolean {
  return READ_METHODS.has(method.toUpperCase());
}

/**
 * The roles the policy knows: Keystone's default roles (admin, member, reader) and Octavia's own
 * load-balancer_* roles, so a cloud that grants `load-balancer_member` to its users works unchanged.
 */
export const Role = {
  Admin: 'admin',
  Member: 'member',
  Reader: 'reader',
  LoadBalancerAdmin: 'load-balancer_admin',
  LoadBalancerMember: 'load-balancer_member',
  LoadBalancerObserver: 'load-balancer_observer',
  LoadBalancerGlobalObserver: 'load-balancer_global_observer',
  LoadBalancerQuotaAdmin: 'load-balancer_quota_admin',
} as const;

/**
 * Who is calling: the project the request acts for, and its roles (from noauth headers or Keystone), as
 * Octavia's policy reads them. `reading` says whether the request only reads (a global observer sees
 * every project then, and changes nothing).
 */
export class Caller {
  constructor(
    readonly projectId: string,
    readonly roles: readonly string[],
    readonly reading = false,
  ) {}

  private has(...roles: string[]): boolean {
    return roles.some((role) => this.roles.includes(role));
  }

  /** Every project's objects, and the operator's endpoints (agents, failover). */
  get isAdmin(): boolean {
    return this.has(Role.Admin, Role.LoadBalancerAdmin);
  }

  /** Members and admins change things; readers and observers only read. */
  get canWrite(): boolean {
    return this.isAdmin || this.has(Role.Member, Role.LoadBalancerMember);
  }

  /** A caller with none of the policy's roles may not even read (Octavia: 403). */
  get canRead(): boolean {
    return (
      this.canWrite ||
      this.has(
        Role.Reader,
        Role.LoadBalancerObserver,
        Role.LoadBalancerGlobalObserver,
        Role.LoadBalancerQuotaAdmin,
      )
    );
  }

  /** Lists and shows objects of every project: admins, and global observers when reading. */
  get seesAllProjects(): boolean {
    return this.isAdmin || (this.reading && this.has(Role.LoadBalancerGlobalObserver));
  }

  /** Sets and resets any project's quotas, and reads them all. */
  get isQuotaAdmin(): boolean {
    return this.isAdmin || this.has(Role.LoadBalancerQuotaAdmin);
  }

  /** The caller as a Barbican-like service sees it: Octavia's load-balancer_* roles give nothing there. */
  withoutLoadBalancerRoles(): Caller {
    const roles = this.roles.filter((role) => !role.startsWith('load-balancer_'));
    return new Caller(this.projectId, roles, this.reading);
  }

  /** Owner, admin or (reading) global observer: anyone else is told the object does not exist (404). */
  canAccess(projectId: string): boolean {
    return this.seesAllProjects || projectId === this.projectId;
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
