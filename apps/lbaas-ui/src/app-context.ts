import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api/client';
import type { Session } from './logic/session';

/** What every page needs: the API client of the session, and the session itself. */
export interface AppContextValue {
  api: Api;
  session: Session;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside a logged-in page');
  return value;
}
