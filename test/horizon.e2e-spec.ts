/**
 * Horizon's own load-balancer panels, unchanged (Debian's openstack-dashboard and python3-octavia-dashboard)
 * against this server and a real agent: a tenant logs in through Keystone, creates a load balancer with a
 * listener, a pool, a member and a monitor in the octavia-dashboard wizard, sees it ACTIVE, and deletes it.
 * The server is the catalog's `load-balancer` and `network` service; nova is a stand-in that knows no
 * instances (the member is an external address, typed in).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from './support/api';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { type ComputeStandIn, startComputeStandIn } from './support/compute-stand-in';
import { TestHorizon } from './support/horizon';
import { TestKeystone, type KeystoneUser } from './support/keystone';
import { startTestAgent } from './support/lb-fixtures';
import { cleanupAgentState, sh } from './support/test-network';
import { startTestSystem, type TestSystem } from './support/test-system';
import { waitFor } from './support/wait';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const statePath = join(mkdtempSync(join(tmpdir(), 'lbaas-horizon-')), 'agent');
const AGENT_HOST = `e2e-horizon-${process.pid}`;

let keystone: TestKeystone;
let system: TestSystem;
let horizon: TestHorizon;
let compute: ComputeStandIn;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let tenant: KeystoneUser & { projectId: string };

/** The API as the tenant sees it (what Horizon made must be there, and only there). */
async function tenantApi(): Promise<ApiClient> {
  return new ApiClient(system.api.baseUrl, { 'X-Auth-Token': (await keystone.token(tenant)).token });
}

async function loadBalancers(): Promise<Json[]> {
  return (await (await tenantApi()).get<Json>('/v2/lbaas/loadbalancers')).body.loadbalancers as Json[];
}

beforeAll(async () => {
  keystone = await TestKeystone.start(3600);
  const service = await keystone.addUser('lbaas', 'service', 'service');
  // Octavia's policy, as Horizon applies it, shows the write buttons to member with load-balancer_member.
  tenant = await keystone.addUser('carol', 'web-project', 'member');
  await keystone.grantRole(tenant, 'load-balancer_member');
  system = await startTestSystem('horizon', {
    LBAAS_AUTH_STRATEGY: 'keystone',
    LBAAS_KEYSTONE_AUTHTOKEN_AUTH_URL: keystone.url,
    LBAAS_KEYSTONE_AUTHTOKEN_USERNAME: service.name,
    LBAAS_KEYSTONE_AUTHTOKEN_PASSWORD: service.password,
    LBAAS_KEYSTONE_AUTHTOKEN_PROJECT_NAME: service.project,
  });
  const admin = new ApiClient(system.api.baseUrl, {
    'X-Auth-Token': (await keystone.token(keystone.admin)).token,
  });
  await startTestAgent(system, AGENT_HOST, statePath, {}, admin);
  compute = await startComputeStandIn();
  await keystone.registerService('load-balancer', 'octavia', `http://127.0.0.1:${system.port}`);
  await keystone.registerService('network', 'neutron', `http://127.0.0.1:${system.port}`);
  await keystone.registerService('compute', 'nova', compute.url);
  const api = await tenantApi();
  const network = await api.post<Json>('/v2.0/networks', { network: { name: 'web-net' } });
  expect(network.status).toBe(201);
  const subnet = await api.post<Json>('/v2.0/subnets', {
    subnet: { name: 'web-subnet', network_id: network.body.network.id, cidr: '198.51.100.0/24' },
  });
  expect(subnet.status).toBe(201);
  horizon = await TestHorizon.start(keystone.url);
  browser = await launchBrowser();
  ({ page, errors: pageErrors } = await newPage(browser));
}, 300_000);

afterAll(async () => {
  try {
    await browser?.close();
    await horizon?.teardown();
    await compute?.close();
  } finally {
    await system?.teardown();
    await keystone?.teardown();
    cleanupAgentState(statePath, AGENT_HOST);
    rmSync(join(statePath, '..'), { recursive: true, force: true });
  }
});

describe("Horizon's load-balancer panels (octavia-dashboard)", () => {
  let lb: Json;

  it('log a tenant in through Keystone and show the Load Balancers panel', async () => {
    await page.goto(`${horizon.url}/auth/login/?next=/project/load_balancer/`);
    await page.locator('input[name="username"]').fill(tenant.name);
    await page.locator('input[name="password"]').fill(tenant.password);
    await page.locator('#loginBtn').click();
    await page.getByRole('heading', { name: 'Load Balancers' }).waitFor();
    await page.getByText('No items to display.').waitFor();
  });

  it('create a load balancer with a listener, a pool, a member and a monitor in the wizard', async () => {
    await page.getByRole('button', { name: 'Create Load Balancer' }).click();
    const wizard = page.locator('.modal-content');
    const field = (model: string) => wizard.locator(`[ng-model="model.spec.${model}"]`);
    const next = () => wizard.getByRole('button', { name: 'Next' }).click();

    await field('loadbalancer.name').fill('web');
    // The subnet picker fills once every look-up of the wizard (subnets, networks, ports, flavors,
    // zones, instances) has answered.
    const subnets = wizard.locator('filter-select[ng-model="model.spec.loadbalancer.vip_subnet_id"]');
    await subnets.locator('button.dropdown-toggle').click();
    await subnets.locator('tbody tr', { hasText: 'web-subnet' }).click();
    await next();
    await field('listener.protocol').selectOption('HTTP');
    await field('listener.protocol_port').fill('80');
    await next();
    await field('pool.lb_algorithm').selectOption('ROUND_ROBIN');
    await next();
    await wizard.getByRole('button', { name: 'Add external member' }).click();
    await wizard.locator('input[name="0-address"]').fill('198.51.100.11');
    await wizard.locator('select[name="0-subnet"]').selectOption({ label: 'web-subnet' });
    await wizard.locator('input[name="0-port"]').fill('80');
    await next();
    await field('monitor.type').selectOption('HTTP');
    await screenshot(page, 'horizon-create-wizard');
    await wizard.getByRole('button', { name: 'Create Load Balancer' }).click();
    await wizard.waitFor({ state: 'detached' });

    // Horizon makes the load balancer, then (in its own thread, each once the previous is ACTIVE) the
    // listener, the pool, the member and the monitor.
    lb = await waitFor(
      'the whole graph ACTIVE',
      async () => {
        const api = await tenantApi();
        const [found] = await loadBalancers();
        if (!found || found.provisioning_status !== 'ACTIVE') return undefined;
        const { statuses } = (await api.get<Json>(`/v2/lbaas/loadbalancers/${found.id}/status`)).body;
        const pool = statuses.loadbalancer.listeners[0]?.pools[0];
        return pool?.health_monitor && pool.members.length === 1 ? found : undefined;
      },
      180_000,
    );
    const api = await tenantApi();
    const [listener] = (await api.get<Json>(`/v2/lbaas/listeners?loadbalancer_id=${lb.id}`)).body.listeners;
    expect(listener).toMatchObject({ protocol: 'HTTP', protocol_port: 80 });
    const pool = (await api.get<Json>(`/v2/lbaas/pools/${listener.default_pool_id}`)).body.pool;
    expect(pool).toMatchObject({ protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' });
    const { members } = (await api.get<Json>(`/v2/lbaas/pools/${pool.id}/members`)).body;
    expect(members).toMatchObject([{ address: '198.51.100.11', protocol_port: 80 }]);
    expect(lb.project_id).toBe(tenant.projectId);
    // The agent built it: its namespace exists.
    expect(sh(['ip', 'netns', 'list'])).toContain(`qlbaas-${lb.id}`);
  });

  it('show the load balancer ACTIVE in the panel', async () => {
    // The panel does not refresh by itself: reload until the row shows what the API says.
    await waitFor('the row ACTIVE in Horizon', async () => {
      await page.reload();
      const row = page.locator('tbody tr:visible', { hasText: 'web' });
      await row.first().waitFor();
      return (await row.first().textContent())?.includes('Active') ? true : undefined;
    });
    await screenshot(page, 'horizon-load-balancers');
  });

  it('delete it with everything in it', async () => {
    const row = page.locator('tbody tr:visible', { hasText: 'web' }).first();
    // The row's action menu, then Horizon's confirmation.
    await row.locator('.dropdown-toggle').click();
    await row.getByText('Delete Load Balancer').click();
    await page.locator('.modal-content').getByRole('button', { name: 'Delete Load Balancer' }).click();
    await waitFor('the load balancer gone', async () =>
      (await loadBalancers()).length === 0 ? true : undefined,
    );
    await waitFor('its namespace removed', () =>
      Promise.resolve(sh(['ip', 'netns', 'list']).includes(`qlbaas-${lb.id}`) ? undefined : true),
    );
    await page.reload();
    await page.getByText('No items to display.').waitFor();
    // Horizon's browser side met no script error, and the nova stand-in was asked what the wizard asks.
    expect(pageErrors).toEqual([]);
    expect(compute.requests.some((request) => request.includes('/servers/detail'))).toBe(true);
  });
});
