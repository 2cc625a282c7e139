import { authHeaders, isAdmin, isExpired, type Session } from './session';

const keystone: Session = {
  kind: 'keystone',
  token: 'gAAAA-token',
  expiresAt: '2026-12-04T12:00:00Z',
  userName: 'alice',
  projectId: 'p1',
  projectName: 'demo',
  roles: ['member', 'reader'],
};

describe('session', () => {
  it('identifies a noauth caller by headers and a Keystone one by its token', () => {
    expect(authHeaders({ kind: 'noauth', projectId: 'demo', roles: ['admin', 'member'] })).toEqual({
      'X-Project-Id': 'demo',
      'X-Roles': 'admin,member',
    });
    expect(authHeaders(keystone)).toEqual({ 'X-Auth-Token': 'gAAAA-token' });
  });

  it('knows admins and expired tokens', () => {
    expect(isAdmin(keystone)).toBe(false);
    expect(isAdmin({ kind: 'noauth', projectId: 'x', roles: ['admin'] })).toBe(true);
    expect(isExpired(keystone, Date.parse('2026-12-04T11:59:59Z'))).toBe(false);
    expect(isExpired(keystone, Date.parse('2026-12-04T12:00:00Z'))).toBe(true);
  });
});
