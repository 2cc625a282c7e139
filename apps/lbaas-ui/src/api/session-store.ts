import type { Session } from '../logic/session';

const KEY = 'lbaas-ui-session';

/** The session lives as long as the browser tab (sessionStorage): a Keystone token is not kept on disk. */
export function loadSession(): Session | undefined {
  const text = sessionStorage.getItem(KEY);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Session;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}
