/** Whom the dashboard acts for: a project and roles chosen (noauth), or a Keystone login. */
export type Session =
  | { kind: 'noauth'; projectId: string; roles: string[] }
  | {
      kind: 'keystone';
      token: string;
      expiresAt: string;
      userName: string;
      projectId: string;
      projectName: string;
      roles: string[];
    };

/** The headers every API call carries: the same a CLI user's requests carry. */
export function authHeaders(session: Session): Record<string, string> {
  return session.kind === 'noauth'
    ? { 'X-Project-Id': session.projectId, 'X-Roles': session.roles.join(',') }
    : { 'X-Auth-Token': session.token };
}

/** Admins see the agents and the topology (the API refuses those to others anyway). */
export function isAdmin(session: Session): boolean {
  return session.roles.includes('admin');
}

/** A Keystone session past its token's expiry must log in again. */
export function isExpired(session: Session, nowMs: number): boolean {
  return session.kind === 'keystone' && Date.parse(session.expiresAt) <= nowMs;
}

/** The roles a noauth user may pick, as Keystone's default roles. */
export const NOAUTH_ROLE_CHOICES: { label: string; roles: string[] }[] = [
  { label: 'member', roles: ['member'] },
  { label: 'reader', roles: ['reader'] },
  { label: 'admin', roles: ['admin', 'member'] },
];

export function describeSession(session: Session): string {
  return session.kind === 'noauth'
    ? `project ${session.projectId} (${session.roles.join(', ')})`
    : `${session.userName} in ${session.projectName} (${session.roles.join(', ')})`;
}
