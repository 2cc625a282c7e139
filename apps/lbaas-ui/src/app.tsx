import { useMemo, useState } from 'preact/hooks';
import { Api } from './api/client';
import { loadSession, saveSession } from './api/session-store';
import { AppContext } from './app-context';
import { navigate, useRoute } from './hooks';
import { describeSession, isAdmin, isExpired, type Session } from './logic/session';
import { AgentsPage } from './pages/agents';
import { CreateWizardPage } from './pages/create-wizard';
import { LoadBalancerPage } from './pages/load-balancer';
import { LoadBalancersPage } from './pages/load-balancers';
import { LoginPage } from './pages/login';

function initialSession(): Session | undefined {
  const session = loadSession();
  return session && !isExpired(session, Date.now()) ? session : undefined;
}

/** The dashboard: a login, then pages by the address after `#`. */
export function App() {
  const [session, setSession] = useState<Session | undefined>(initialSession);
  const route = useRoute();
  const logOut = () => {
    saveSession(undefined);
    setSession(undefined);
  };
  const api = useMemo(() => (session ? new Api(session, logOut) : undefined), [session]);

  if (!session || !api)
    return (
      <LoginPage
        onLogin={(next) => {
          saveSession(next);
          setSession(next);
          navigate('loadbalancers');
        }}
      />
    );
  const admin = isAdmin(session);
  const [page, id] = route;
  return (
    <AppContext.Provider value={{ api, session }}>
      <header class="container-fluid topbar">
        <nav>
          <ul>
            <li>
              <strong>Load balancers</strong>
            </li>
            <li>
              <a href="#/loadbalancers" aria-current={page === 'loadbalancers' || !page ? 'page' : undefined}>
                All load balancers
              </a>
            </li>
            <li>
              <a href="#/create" aria-current={page === 'create' ? 'page' : undefined}>
                Create
              </a>
            </li>
            {admin && (
              <li>
                <a href="#/agents" aria-current={page === 'agents' ? 'page' : undefined}>
                  Agents
                </a>
              </li>
            )}
          </ul>
          <ul>
            <li data-testid="session">{describeSession(session)}</li>
            <li>
              <button type="button" class="outline secondary" onClick={logOut}>
                Log out
              </button>
            </li>
          </ul>
        </nav>
      </header>
      <main class="container">
        {page === 'loadbalancers' && id && <LoadBalancerPage key={id} id={id} />}
        {(page === 'loadbalancers' || !page) && !id && <LoadBalancersPage />}
        {page === 'create' && <CreateWizardPage />}
        {page === 'agents' &&
          (admin ? <AgentsPage /> : <p role="alert">Agents are shown to administrators only.</p>)}
      </main>
    </AppContext.Provider>
  );
}
