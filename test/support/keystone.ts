import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type StartedProcess, startProcess, stopProcess } from './processes';
import { waitFor } from './wait';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface KeystoneUser {
  name: string;
  password: string;
  project: string;
}

/**
 * A real Keystone from Debian's `keystone` package, on loopback, with its own sqlite database and keys in
 * a temporary directory: `keystone-manage bootstrap` makes the admin user and the admin, member and
 * reader roles (admin implies member implies reader).
 */
export class TestKeystone {
  readonly admin: KeystoneUser;
  private readonly roleIds = new Map<string, string>();
  private readonly projectIds = new Map<string, string>();
  private adminTokenCache?: { token: string; expiresAt: number };
  private admin_?: { token: string; expiresAt: number };

  private constructor(
    readonly url: string,
    adminPassword: string,
    private readonly process: StartedProcess,
    private readonly directory: string,
  ) {
    this.admin = { name: 'admin', password: adminPassword, project: 'admin' };
  }

  /** Starts Keystone; its tokens live `tokenLifetimeS` seconds. */
  static async start(tokenLifetimeS: number): Promise<TestKeystone> {
    const directory = mkdtempSync(join(tmpdir(), 'lbks-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/v3`;
    const config = join(directory, 'keystone.conf');
    writeFileSync(
      config,
      [
        '[DEFAULT]',
        'use_stderr = true',
        '[database]',
        `connection = sqlite:///${join(directory, 'keystone.db')}`,
        '[token]',
        'provider = fernet',
        `expiration = ${tokenLifetimeS}`,
        '[fernet_tokens]',
        `key_repository = ${join(directory, 'fernet-keys')}`,
        '[fernet_receipts]',
        `key_repository = ${join(directory, 'fernet-receipts')}`,
        '[credential]',
        `key_repository = ${join(directory, 'credential-keys')}`,
        '[cache]',
        'enabled = false',
        '',
      ].join('\n'),
    );
    const manage = (...args: string[]) =>
      execFileSync('keystone-manage', ['--config-file', config, ...args], {
        timeout: 120_000,
        stdio: 'pipe',
      });
    const adminPassword = randomBytes(12).toString('hex');
    manage('db_sync');
    // Readers next to a writer: without WAL, sqlite answers "database is locked" to Keystone's writes.
    execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        `import sqlite3; sqlite3.connect(${JSON.stringify(join(directory, 'keystone.db'))}).execute('PRAGMA journal_mode=WAL')`,
      ],
      { timeout: 30_000 },
    );
    manage('fernet_setup', '--keystone-user', 'root', '--keystone-group', 'root');
    manage('credential_setup', '--keystone-user', 'root', '--keystone-group', 'root');
    manage(
      'bootstrap', '--bootstrap-password', adminPassword, '--bootstrap-region-id', 'RegionOne',
      '--bootstrap-admin-url', url, '--bootstrap-public-url', url, '--bootstrap-internal-url', url,
    ); // prettier-ignore
    const process = startProcess(
      'keystone',
      'keystone-wsgi-public',
      ['--host', '127.0.0.1', '--port', String(port)],
      {
        OS_KEYSTONE_CONFIG_FILES: config,
      },
    );
    const keystone = new TestKeystone(url, adminPassword, process, directory);
    await waitFor('Keystone to answer', async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${process.output()}`);
    });
    return keystone;
  }

  async stop(): Promise<void> {
    await stopProcess(this.process);
  }

  async teardown(): Promise<void> {
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }

  /** A project-scoped token of `user`, with its expiry. */
  async token(user: KeystoneUser): Promise<{ token: string; expiresAt: number }> {
    const response = await fetch(`${this.url}/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: user.name, domain: { id: 'default' }, password: user.password } },
          },
          scope: { project: { name: user.project, domain: { id: 'default' } } },
        },
      }),
      signal: AbortSignal.timeout(30_000),
    });
    const token = response.headers.get('x-subject-token');
    if (response.status !== 201 || !token) throw new Error(`no token for ${user.name}: ${response.status}`);
    const body = (await response.json()) as Json;
    return { token, expiresAt: Date.parse(body.token.expires_at as string) };
  }

  /** Creates the project if needed, and the user with `role` on it. */
  async addUser(name: string, project: string, role: string): Promise<KeystoneUser & { projectId: string }> {
    const projectId = await this.ensureProject(project);
    const password = randomBytes(12).toString('hex');
    const user = await this.adminCall('POST', '/users', {
      user: { name, password, domain_id: 'default', default_project_id: projectId },
    });
    await this.adminCall(
      'PUT',
      `/projects/${projectId}/users/${user.user.id}/roles/${await this.roleId(role)}`,
    );
    return { name, password, project, projectId };
  }

  /** Gives `user` one more role on its project. */
  async grantRole(user: KeystoneUser & { projectId: string }, role: string): Promise<void> {
    const { users } = await this.adminCall('GET', `/users?name=${encodeURIComponent(user.name)}`);
    await this.adminCall(
      'PUT',
      `/projects/${user.projectId}/users/${users[0].id}/roles/${await this.roleId(role)}`,
    );
  }

  /** A service in the catalog with public, internal and admin endpoints at `url`. */
  async registerService(type: string, name: string, url: string): Promise<void> {
    const { service } = await this.adminCall('POST', '/services', { service: { type, name } });
    for (const endpointInterface of ['public', 'internal', 'admin']) {
      await this.adminCall('POST', '/endpoints', {
        endpoint: { service_id: service.id, interface: endpointInterface, url, region_id: 'RegionOne' },
      });
    }
  }

  async ensureRole(name: string): Promise<void> {
    await this.roleId(name);
  }

  private async ensureProject(name: string): Promise<string> {
    const known = this.projectIds.get(name);
    if (known) return known;
    const { projects } = await this.adminCall('GET', `/projects?name=${encodeURIComponent(name)}`);
    const id = (projects[0]?.id ??
      (await this.adminCall('POST', '/projects', { project: { name, domain_id: 'default' } })).project
        .id) as string;
    this.projectIds.set(name, id);
    return id;
  }

  private async roleId(name: string): Promise<string> {
    const known = this.roleIds.get(name);
    if (known) return known;
    const { roles } = await this.adminCall('GET', `/roles?name=${encodeURIComponent(name)}`);
    const id = (roles[0]?.id ??
      (await this.adminCall('POST', '/roles', { role: { name } })).role.id) as string;
    this.roleIds.set(name, id);
    return id;
  }

  /** The admin's token, reused until shortly before it expires (tokens here live only seconds). */
  private async adminToken(): Promise<string> {
    if (!this.adminTokenCache || this.adminTokenCache.expiresAt - 5000 < Date.now())
      this.adminTokenCache = await this.token(this.admin);
    return this.adminTokenCache.token;
  }

  private async adminCall(method: string, path: string, body?: unknown): Promise<Json> {
    const token = await this.adminToken();
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`Keystone ${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as Json;
  }
}
