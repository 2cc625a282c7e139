import { useEffect, useState } from 'preact/hooks';
import { ApiError, keystoneLogin, uiSettings } from '../api/client';
import { Field, FormErrors } from '../components/field';
import { fieldErrors } from '../logic/api-errors';
import { NOAUTH_ROLE_CHOICES, type Session } from '../logic/session';

const LOGIN_FIELDS = ['username', 'password', 'project_name', 'user_domain_name', 'project_domain_name'];

/** noauth: choose the project and roles to act as; keystone: a user's password login to one project. */
export function LoginPage({ onLogin }: { onLogin: (session: Session) => void }) {
  const [mode, setMode] = useState<{ auth: 'noauth' | 'keystone'; defaultProject?: string }>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    uiSettings()
      .then((settings) =>
        setMode({ auth: settings.auth_strategy, defaultProject: settings.default_project_id }),
      )
      .catch((error: Error) => setProblem(`The server did not answer: ${error.message}`));
  }, []);

  return (
    <main class="container login">
      <h1>Load balancers</h1>
      {problem && <FormErrors messages={[problem]} />}
      {!mode && !problem && <p aria-busy="true">Asking the server how to log in…</p>}
      {mode?.auth === 'noauth' && (
        <NoauthLogin defaultProject={mode.defaultProject ?? ''} onLogin={onLogin} />
      )}
      {mode?.auth === 'keystone' && <KeystoneLoginForm onLogin={onLogin} />}
    </main>
  );
}

function NoauthLogin({ defaultProject, onLogin }: { defaultProject: string; onLogin: (s: Session) => void }) {
  const [projectId, setProjectId] = useState(defaultProject);
  const [role, setRole] = useState('member');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const choice = NOAUTH_ROLE_CHOICES.find((c) => c.label === role)!;
        onLogin({ kind: 'noauth', projectId: projectId.trim(), roles: choice.roles });
      }}
    >
      <p>
        This server runs without Keystone (<code>auth_strategy = noauth</code>): choose the project and the
        role to act as.
      </p>
      <Field label="Project" name="project_id">
        <input
          name="project_id"
          value={projectId}
          required
          onInput={(e) => setProjectId(e.currentTarget.value)}
        />
      </Field>
      <Field label="Role" name="role">
        <select name="role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
          {NOAUTH_ROLE_CHOICES.map((choice) => (
            <option key={choice.label} value={choice.label}>
              {choice.label}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit">Continue</button>
    </form>
  );
}

function KeystoneLoginForm({ onLogin }: { onLogin: (s: Session) => void }) {
  const [form, setForm] = useState({
    username: '',
    password: '',
    project_name: '',
    user_domain_name: 'Default',
  });
  const [errors, setErrors] = useState<{ fields: Record<string, string>; general: string[] }>({
    fields: {},
    general: [],
  });
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (event: { currentTarget: HTMLInputElement }) =>
    setForm({ ...form, [key]: event.currentTarget.value });
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      onLogin(
        await keystoneLogin({
          ...form,
          project_domain_name: form.user_domain_name,
        }),
      );
    } catch (error) {
      const message = error instanceof ApiError ? error.message : String(error);
      setErrors(fieldErrors(message.replace(/auth\./g, ''), LOGIN_FIELDS));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)}>
      <p>Log in with your OpenStack (Keystone) user.</p>
      <FormErrors messages={errors.general} />
      <Field label="User name" name="username" error={errors.fields.username}>
        <input name="username" autocomplete="username" value={form.username} onInput={set('username')} />
      </Field>
      <Field label="Password" name="password" error={errors.fields.password}>
        <input
          name="password"
          type="password"
          autocomplete="current-password"
          value={form.password}
          onInput={set('password')}
        />
      </Field>
      <Field label="Project" name="project_name" error={errors.fields.project_name}>
        <input name="project_name" value={form.project_name} onInput={set('project_name')} />
      </Field>
      <Field label="Domain" name="user_domain_name" error={errors.fields.user_domain_name}>
        <input name="user_domain_name" value={form.user_domain_name} onInput={set('user_domain_name')} />
      </Field>
      <button type="submit" aria-busy={busy} disabled={busy}>
        Log in
      </button>
    </form>
  );
}
