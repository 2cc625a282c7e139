import { ForbiddenException } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Caller, isReadMethod } from './caller';
import { QuotaAdminWrites, RolePolicyGuard } from './role-policy.guard';

const OWN = 'project-a';
const OTHER = 'project-b';
const reading = (...roles: string[]) => new Caller(OWN, roles, true);
const writing = (...roles: string[]) => new Caller(OWN, roles, false);

describe('Caller (Octavia policy roles)', () => {
  it.each([
    ['admin', true, true, true],
    ['load-balancer_admin', true, true, true],
    ['member', false, true, true],
    ['load-balancer_member', false, true, true],
    ['reader', false, false, true],
    ['load-balancer_observer', false, false, true],
    ['load-balancer_global_observer', false, false, true],
    ['load-balancer_quota_admin', false, false, true],
    ['swiftoperator', false, false, false],
  ])('%s: admin %s, writes %s, reads %s', (role, admin, write, read) => {
    const caller = writing(role);
    expect([caller.isAdmin, caller.canWrite, caller.canRead]).toEqual([admin, write, read]);
  });

  it('lets a global observer see every project when reading, and only its own when writing', () => {
    expect(reading('load-balancer_global_observer').canAccess(OTHER)).toBe(true);
    expect(reading('load-balancer_global_observer').seesAllProjects).toBe(true);
    const alsoMember = writing('load-balancer_global_observer', 'load-balancer_member');
    expect(alsoMember.canAccess(OTHER)).toBe(false);
    expect(alsoMember.canAccess(OWN)).toBe(true);
  });

  it('keeps observers and members to their own project', () => {
    for (const role of ['load-balancer_observer', 'load-balancer_member', 'member', 'reader']) {
      expect(reading(role).canAccess(OTHER)).toBe(false);
      expect(reading(role).canAccess(OWN)).toBe(true);
    }
  });

  it('makes quota admins of quota admins and admins only', () => {
    expect(writing('load-balancer_quota_admin').isQuotaAdmin).toBe(true);
    expect(writing('load-balancer_admin').isQuotaAdmin).toBe(true);
    expect(writing('load-balancer_member').isQuotaAdmin).toBe(false);
    expect(reading('load-balancer_global_observer').isQuotaAdmin).toBe(false);
  });

  it("gives Octavia's roles nothing in the Barbican-like certificate store", () => {
    const observer = reading(
      'load-balancer_global_observer',
      'load-balancer_admin',
    ).withoutLoadBalancerRoles();
    expect(observer.canAccess(OTHER)).toBe(false);
    expect(observer.canAccess(OWN)).toBe(true);
    expect(reading('admin').withoutLoadBalancerRoles().canAccess(OTHER)).toBe(true);
  });

  it('tells reads from writes by method', () => {
    expect(['GET', 'head', 'OPTIONS'].map(isReadMethod)).toEqual([true, true, true]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(isReadMethod)).toEqual([false, false, false, false]);
  });
});

describe('RolePolicyGuard', () => {
  const guard = new RolePolicyGuard(new Reflector());
  @QuotaAdminWrites()
  class QuotaRoutes {
    put(): void {}
  }
  class OtherRoutes {
    put(): void {}
  }
  const check = (method: string, caller: Caller, routes: new () => { put(): void } = OtherRoutes) =>
    guard.canActivate({
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => ({ method, caller }) }),
      getHandler: () => routes.prototype.put,
      getClass: () => routes,
    } as unknown as ExecutionContext);

  it('lets observers read and refuses their writes', () => {
    expect(check('GET', reading('load-balancer_observer'))).toBe(true);
    expect(() => check('POST', writing('load-balancer_observer'))).toThrow(ForbiddenException);
  });

  it('lets load-balancer members write', () => {
    expect(check('PUT', writing('load-balancer_member'))).toBe(true);
  });

  it('lets quota admins write quotas, and nothing else', () => {
    expect(check('PUT', writing('load-balancer_quota_admin'), QuotaRoutes)).toBe(true);
    expect(() => check('PUT', writing('load-balancer_quota_admin'))).toThrow(ForbiddenException);
    expect(() => check('PUT', writing('load-balancer_observer'), QuotaRoutes)).toThrow(ForbiddenException);
  });

  it('refuses even reads to a caller with none of the roles, naming them', () => {
    expect(() => check('GET', reading('swiftoperator'))).toThrow(/roles swiftoperator give no access/);
  });
});
