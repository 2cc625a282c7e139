/**
 * `auth_strategy = keystone` against a real Keystone (Debian's package, sqlite, on loopback): two
 * projects, a member of each and a reader of the first. Tokens are checked with Keystone; other projects'
 * objects are 404, readers cannot write (403), bad and expired tokens are 401, admin sees everything,
 * Octavia's load-balancer_* roles mean what they mean there, and the `openstack` CLI works with its usual Keystone settings once the service is in the catalog.
 */
import { ApiClient } from './support/api';
import { launchBrowser, newPage } from './support/browser';
import { TestKeystone, type KeystoneUser } from './support/keystone';
import { runOpenstack } from './support/openstack-cli';
import { startTestSystem, type TestSystem } from './support/test-system';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// Short-lived tokens, so the expiry of a token (and of the server's own) happens during the suite.
const TOKEN_LIFETIME_S = 20;

let keystone: TestKeystone;
let system: TestSystem;
let memberA: KeystoneUser & { projectId: string };
let memberB: KeystoneUser & { projectId: string };
let readerA: KeystoneUser & { projectId: string };

/** The API as `user` sees it, with a fresh token. */
async function apiAs(user: KeystoneUser): Promise<ApiClient> {
  const { token } = await keystone.token(user);
  return new ApiClient(system.api.baseUrl, { 'X-Auth-Token': token });
}

/** A network and subnet of the user's project, and a load balancer on it (noop provider: API only). */
async function createLoadBalancer(user: KeystoneUser, name: string): Promise<Json> {
  const api = await apiAs(user);
  const network = await api.post<Json>('/v2.0/networks', { network: { name } });
  expect(network.status).toBe(201);
  const subnet = await api.post<Json>('/v2.0/subnets', {
    subnet: { network_id: network.body.network.id, cidr: '203.0.113.0/24' },
  });
  expect(subnet.status).toBe(201);
  const created = await api.post<Json>('/v2.0/lbaas/loadbalancers', {
    loadbalancer: { name, vip_subnet_id: subnet.body.subnet.id, provider: 'noop' },
  });
  expect(created.status).toBe(201);
  return created.body.loadbalancer as Json;
}

/** `openstack <args>` with the usual OS_* Keystone settings of `user`; stdout. */
async function openstackAs(user: KeystoneUser, ...args: string[]): Promise<string> {
  return runOpenstack(
    args,
    {
      OS_AUTH_URL: keystone.url,
      OS_IDENTITY_API_VERSION: '3',
      OS_USERNAME: user.name,
      OS_PASSWORD: user.password,
      OS_PROJECT_NAME: user.project,
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_REGION_NAME: 'RegionOne',
    },
    120_000,
  );
}

beforeAll(async () => {
  keystone = await TestKeystone.start(TOKEN_LIFETIME_S);
  // The server's own user, with the role Keystone's policy asks of services that validate tokens.
  const service = await keystone.addUser('lbaas', 'service', 'service');
  memberA = await keystone.addUser('alice', 'project-a', 'member');
  readerA = await keystone.addUser('rita', 'project-a', 'reader');
  memberB = await keystone.addUser('bob', 'project-b', 'member');
  system = await startTestSystem('keystone', {
    LBAAS_AUTH_STRATEGY: 'keystone',
    LBAAS_KEYSTONE_AUTHTOKEN_AUTH_URL: keystone.url,
    LBAAS_KEYSTONE_AUTHTOKEN_USERNAME: service.name,
    LBAAS_KEYSTONE_AUTHTOKEN_PASSWORD: service.password,
    LBAAS_KEYSTONE_AUTHTOKEN_PROJECT_NAME: service.project,
    LBAAS_ENABLED_PROVIDERS: 'haproxy,noop',
  });
  // As README shows: the load-balancer service (and, for the CLI's subnet look-ups, the server's
  // neutron subset) in the catalog.
  await keystone.registerService('load-balancer', 'octavia', `http://127.0.0.1:${system.port}`);
  await keystone.registerService('network', 'neutron', `http://127.0.0.1:${system.port}`);
}, 180_000);

afterAll(async () => {
  await system?.teardown();
  await keystone?.teardown();
});

describe('auth_strategy = keystone', () => {
  let lbA: Json;
  let lbB: Json;

  it('answers 401 without a token or with a bad one, and serves discovery and health to anyone', async () => {
    const anonymous = new ApiClient(system.api.baseUrl);
    const missing = await anonymous.get<Json>('/v2.0/lbaas/loadbalancers');
    expect(missing.status).toBe(401);
    expect(missing.body.faultstring).toMatch(/X-Auth-Token/);
    const bad = await new ApiClient(system.api.baseUrl, { 'X-Auth-Token': 'gAAAAAnot-a-token' }).get<Json>(
      '/v2.0/lbaas/loadbalancers',
    );
    expect(bad.status).toBe(401);
    expect((await anonymous.get('/')).status).toBe(200);
    expect((await anonymous.get('/healthz')).status).toBe(200);
  });

  it("puts each member's load balancer in the member's project", async () => {
    lbA = await createLoadBalancer(memberA, 'lb-a');
    lbB = await createLoadBalancer(memberB, 'lb-b');
    expect(lbA.project_id).toBe(memberA.projectId);
    expect(lbB.project_id).toBe(memberB.projectId);
  });

  it("hides another project's load balancers: 404 to read, change or delete, absent from lists", async () => {
    const bob = await apiAs(memberB);
    expect((await bob.get(`/v2.0/lbaas/loadbalancers/${lbA.id}`)).status).toBe(404);
    expect(
      (await bob.put(`/v2.0/lbaas/loadbalancers/${lbA.id}`, { loadbalancer: { name: 'x' } })).status,
    ).toBe(404);
    expect((await bob.delete(`/v2.0/lbaas/loadbalancers/${lbA.id}`)).status).toBe(404);
    const listed = (await bob.get<Json>('/v2.0/lbaas/loadbalancers')).body.loadbalancers as Json[];
    expect(listed.map((lb) => lb.id)).toEqual([lbB.id]);
  });

  it('lets a reader read but not write (403)', async () => {
    const rita = await apiAs(readerA);
    expect((await rita.get<Json>(`/v2.0/lbaas/loadbalancers/${lbA.id}`)).body.loadbalancer.name).toBe('lb-a');
    const update = await rita.put<Json>(`/v2.0/lbaas/loadbalancers/${lbA.id}`, {
      loadbalancer: { name: 'x' },
    });
    expect(update.status).toBe(403);
    expect(update.body.faultstring).toMatch(/reader/);
    expect((await rita.delete(`/v2.0/lbaas/loadbalancers/${lbA.id}`)).status).toBe(403);
    expect((await rita.post('/v2.0/networks', { network: { name: 'n' } })).status).toBe(403);
    expect(
      (await (await apiAs(memberA)).get<Json>(`/v2.0/lbaas/loadbalancers/${lbA.id}`)).body.loadbalancer.name,
    ).toBe('lb-a');
  });

  it('keeps agents and quota changes to admins, who see every project', async () => {
    const alice = await apiAs(memberA);
    expect((await alice.get('/v2.0/agents')).status).toBe(403);
    expect(
      (await alice.put(`/v2.0/lbaas/quotas/${memberA.projectId}`, { quota: { load_balancer: 50 } })).status,
    ).toBe(403);
    const admin = await apiAs(keystone.admin);
    expect((await admin.get('/v2.0/agents')).status).toBe(200);
    const all = (await admin.get<Json>('/v2.0/lbaas/loadbalancers')).body.loadbalancers as Json[];
    expect(all.map((lb) => lb.id).sort()).toEqual([lbA.id, lbB.id].sort());
    expect(
      (await admin.put(`/v2.0/lbaas/quotas/${memberB.projectId}`, { quota: { load_balancer: 5 } })).status,
    ).toBe(200);
  });

  it("understands Octavia's load-balancer_* roles", async () => {
    // One after another: addUser creates a missing project, and two at once would both try.
    const kim = await keystone.addUser('kim', 'project-a', 'load-balancer_member');
    const olga = await keystone.addUser('olga', 'project-a', 'load-balancer_observer');
    const gus = await keystone.addUser('gus', 'project-c', 'load-balancer_global_observer');
    const quinn = await keystone.addUser('quinn', 'project-c', 'load-balancer_quota_admin');
    const sam = await keystone.addUser('sam', 'project-a', 'swiftoperator');
    // load-balancer_member: writes in its own project, sees no other.
    const lbKim = await createLoadBalancer(kim, 'lb-kim');
    expect(lbKim.project_id).toBe(memberA.projectId);
    const asKim = await apiAs(kim);
    expect(
      (await asKim.put(`/v2.0/lbaas/loadbalancers/${lbKim.id}`, { loadbalancer: { name: 'k' } })).status,
    ).toBe(200);
    expect((await asKim.get(`/v2.0/lbaas/loadbalancers/${lbB.id}`)).status).toBe(404);
    // load-balancer_observer: reads its own project only, writes nothing.
    const asOlga = await apiAs(olga);
    expect((await asOlga.get(`/v2.0/lbaas/loadbalancers/${lbA.id}`)).status).toBe(200);
    expect((await asOlga.get(`/v2.0/lbaas/loadbalancers/${lbB.id}`)).status).toBe(404);
    expect(
      (await asOlga.put(`/v2.0/lbaas/loadbalancers/${lbA.id}`, { loadbalancer: { name: 'o' } })).status,
    ).toBe(403);
    // load-balancer_global_observer: reads every project, changes nothing.
    const asGus = await apiAs(gus);
    const seen = (await asGus.get<Json>('/v2.0/lbaas/loadbalancers')).body.loadbalancers as Json[];
    expect(seen.map((lb) => lb.id)).toEqual(expect.arrayContaining([lbA.id, lbB.id, lbKim.id]));
    expect((await asGus.get(`/v2.0/lbaas/loadbalancers/${lbB.id}`)).status).toBe(200);
    expect((await asGus.get('/v2.0/lbaas/quotas')).status).toBe(200);
    expect(
      (await asGus.put(`/v2.0/lbaas/loadbalancers/${lbB.id}`, { loadbalancer: { name: 'g' } })).status,
    ).toBe(403);
    // load-balancer_quota_admin: every project's quotas, nobody's load balancers.
    const asQuinn = await apiAs(quinn);
    expect(
      (await asQuinn.put(`/v2.0/lbaas/quotas/${memberB.projectId}`, { quota: { listener: 7 } })).status,
    ).toBe(200);
    expect((await asQuinn.get<Json>(`/v2.0/lbaas/quotas/${memberB.projectId}`)).body.quota.listener).toBe(7);
    expect((await asQuinn.get(`/v2.0/lbaas/loadbalancers/${lbA.id}`)).status).toBe(404);
    expect((await asKim.delete(`/v2.0/lbaas/loadbalancers/${lbKim.id}`)).status).toBe(204);
    // None of the policy's roles: not even a read.
    const refused = await (await apiAs(sam)).get<Json>('/v2.0/lbaas/loadbalancers');
    expect(refused.status).toBe(403);
    expect(refused.body.faultstring).toMatch(/swiftoperator give no access/);
  });

  it('refuses a token once it has expired (401)', async () => {
    const { token, expiresAt } = await keystone.token(memberA);
    const api = new ApiClient(system.api.baseUrl, { 'X-Auth-Token': token });
    expect((await api.get('/v2.0/lbaas/loadbalancers')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 1500));
    const expired = await api.get<Json>('/v2.0/lbaas/loadbalancers');
    expect(expired.status).toBe(401);
    // The server renewed its own token meanwhile: fresh user tokens still work.
    expect((await (await apiAs(memberA)).get('/v2.0/lbaas/loadbalancers')).status).toBe(200);
  });

  it('works with the openstack CLI and its usual Keystone settings (catalog endpoint)', async () => {
    const subnetId = lbA.vip_subnet_id as string;
    const created = JSON.parse(
      await openstackAs(
        memberA,
        'loadbalancer', 'create', '--name', 'cli-lb', '--vip-subnet-id', subnetId, '--provider', 'noop', '--wait',
        '-f', 'json',
      ), // prettier-ignore
    ) as Json;
    expect(created).toMatchObject({
      name: 'cli-lb',
      provisioning_status: 'ACTIVE',
      project_id: memberA.projectId,
    });
    const listed = JSON.parse(await openstackAs(readerA, 'loadbalancer', 'list', '-f', 'json')) as Json[];
    expect(listed.map((lb) => lb.name).sort()).toEqual(['cli-lb', 'lb-a']);
    await expect(openstackAs(memberB, 'loadbalancer', 'show', created.id as string)).rejects.toThrow(
      /404|Unable to locate/,
    );
    await expect(openstackAs(readerA, 'loadbalancer', 'delete', created.id as string)).rejects.toThrow(
      /403|Policy/,
    );
    await openstackAs(memberA, 'loadbalancer', 'delete', '--wait', created.id as string);
  });

  it("logs a user in to the dashboard with Keystone; its pages show what the user's token may see", async () => {
    const browser = await launchBrowser();
    try {
      const { page, errors } = await newPage(browser);
      await page.goto(`${system.api.baseUrl}/ui/`);
      await page.locator('input[name="username"]').fill(memberA.name);
      await page.locator('input[name="password"]').fill('not the password');
      await page.locator('input[name="project_name"]').fill(memberA.project);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByText('The user name, password or project is not right').waitFor();

      await page.locator('input[name="password"]').fill(memberA.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      expect(await page.getByTestId('session').textContent()).toMatch(/alice in project-a/);
      await page.locator('tr[data-lb="lb-a"]').waitFor();
      expect(await page.locator('tr[data-lb="lb-b"]').count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Agents' }).count()).toBe(0);
      // Once the token expires the API answers 401, and the dashboard asks for a login again.
      await page.getByRole('button', { name: 'Log in' }).waitFor({ timeout: (TOKEN_LIFETIME_S + 30) * 1000 });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('answers 503 when Keystone cannot be reached to check a new token', async () => {
    const { token } = await keystone.token(memberA);
    await keystone.stop();
    const api = new ApiClient(system.api.baseUrl, { 'X-Auth-Token': token });
    const response = await api.get<Json>('/v2.0/lbaas/loadbalancers');
    expect(response.status).toBe(503);
    expect(response.body.faultstring).toMatch(/Keystone/);
  });
});
