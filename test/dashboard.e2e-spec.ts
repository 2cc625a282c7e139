/**
 * The built-in dashboard (/ui) in headless Chromium, as seed 001's walk-through: a tenant builds the
 * scene by clicking and typing (wizard: load balancer, listener, pool, WEB1 and WEB2, monitor), traffic
 * from a client namespace goes through the VIP, WEB1's server stops and the page shows WEB1 OFFLINE and
 * the pool DEGRADED, then ONLINE again. Validation errors appear at their fields and change nothing; a
 * member sees no agents page, an admin sees the agents and the topology. Server, agent, OVS and haproxy
 * are real; addresses only in 198.51.100.0/24, inside the test's namespaces.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ApiClient } from './support/api';
import { launchBrowser, loginNoauth, newPage, screenshot } from './support/browser';
import { createTestNetwork, deleteAllLoadBalancers, startTestAgent } from './support/lb-fixtures';
import { cleanupAgentState, sh, type TestHost, type TestNetwork } from './support/test-network';
import { startTestSystem, type TestSystem } from './support/test-system';
import { waitFor } from './support/wait';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const statePath = join(mkdtempSync(join(tmpdir(), 'lbaas-dashboard-')), 'agent');
const AGENT_HOST = `e2e-dashboard-${process.pid}`;
const PROJECT = 'demo';
const LISTENER = 'loadbalancer.listeners.0';
const POOL = `${LISTENER}.default_pool`;

let system: TestSystem;
let tenant: ApiClient;
let network: TestNetwork;
let browser: Browser;
let client: TestHost;
let web1: TestHost;
let web2: TestHost;
let web3: TestHost;
let baseUrl: string;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  system = await startTestSystem('dashboard');
  baseUrl = system.api.baseUrl;
  tenant = system.api.as(PROJECT, 'member');
  await startTestAgent(system, AGENT_HOST, statePath);
  ({ network } = await createTestNetwork(tenant, 'web-net'));
  web1 = network.addHost('198.51.100.11');
  web2 = network.addHost('198.51.100.12');
  web3 = network.addHost('198.51.100.13');
  client = network.addHost('198.51.100.50');
  network.serve(web1, 'WEB1');
  network.serve(web2, 'WEB2');
  browser = await launchBrowser();
  ({ page, errors: pageErrors } = await newPage(browser));
});

afterAll(async () => {
  try {
    await browser?.close();
    await deleteAllLoadBalancers(system?.api);
  } finally {
    await system?.teardown();
    cleanupAgentState(statePath, AGENT_HOST);
    network?.teardown();
    rmSync(join(statePath, '..'), { recursive: true, force: true });
  }
});

afterEach(() => {
  // A script error in the page is a defect even when the test's own checks passed.
  expect(pageErrors).toEqual([]);
});

const field = (name: string) => page.locator(`[name="${name}"]`);
const next = () => page.getByRole('button', { name: 'Next' }).click();
/** The status badge of a node of the status tree (its own statuses, not its children's). */
const treeStatus = (node: string, status: string) =>
  page.locator(`li[data-node="${node}"] > .status-pair [data-status="${status}"]`);
const memberHealth = (name: string, status: string) =>
  page.locator(`tr[data-member="${name}"] [data-status="${status}"]`);

/**
 * The change just made is applied: the API says ACTIVE, and so does the page. The page alone is not
 * enough: until its next refresh it may still show the ACTIVE of before the change, and the next write
 * would then meet a PENDING load balancer (409).
 */
async function settled(): Promise<void> {
  await waitFor('the load balancer ACTIVE', async () => {
    const [lb] = await tenantLoadBalancers();
    return lb?.provisioning_status === 'ACTIVE' ? true : undefined;
  });
  await treeStatus('loadbalancer:web', 'ACTIVE').waitFor();
}

async function tenantLoadBalancers(): Promise<Json[]> {
  return (await tenant.get<Json>('/v2/lbaas/loadbalancers')).body.loadbalancers as Json[];
}

describe('the dashboard bundle', () => {
  it('is served from this server at /ui/, cached by content hash, with nothing from elsewhere', async () => {
    const index = await fetch(`${baseUrl}/ui/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const html = await index.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/ui\/assets\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets.length).toBeGreaterThanOrEqual(2); // the script and the styles
    for (const asset of assets) {
      const response = await fetch(`${baseUrl}${asset}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    // Nothing at runtime from the internet: no absolute URL in the page or its bundle.
    const bundle = await Promise.all(assets.map(async (asset) => (await fetch(`${baseUrl}${asset}`)).text()));
    for (const text of [html, ...bundle]) expect(text).not.toMatch(/(?:src|href)=["']?https?:\/\//);
    expect(await (await fetch(`${baseUrl}/ui/api/settings`)).json()).toEqual({
      auth_strategy: 'noauth',
      default_project_id: 'admin',
    });
    expect((await fetch(`${baseUrl}/ui`, { redirect: 'manual' })).headers.get('location')).toBe('/ui/');
  });
});

describe("seed 001's walk-through in the dashboard", () => {
  let lbId: string;
  let vip: string;

  it('shows a validation error at its field and creates nothing', async () => {
    await loginNoauth(page, baseUrl, PROJECT, 'member');
    await page.getByRole('button', { name: 'Create load balancer' }).click();
    await field('loadbalancer.name').fill('web');
    // The subnet of the project is offered (and chosen: it is the only one).
    await page
      .locator('select[name="loadbalancer.vip_subnet_id"] option', { hasText: '198.51.100.0/24' })
      .waitFor({
        state: 'attached',
      });
    await next();
    await field(`${LISTENER}.protocol_port`).fill('70000');
    await field(`${LISTENER}.connection_limit`).fill('100');
    await next();
    await field(`${POOL}.name`).fill('web servers');
    await field(`${POOL}.session_persistence`).selectOption('SOURCE_IP');
    await next();
    await field(`${POOL}.members.0.name`).fill('WEB1');
    await field(`${POOL}.members.0.address`).fill(web1.address);
    await page.getByRole('button', { name: 'Add another member' }).click();
    await field(`${POOL}.members.1.name`).fill('WEB2');
    await field(`${POOL}.members.1.address`).fill(web2.address);
    // A new row starts with the listener's port (70000 here): this one is typed.
    await field(`${POOL}.members.1.protocol_port`).fill('80');
    await next();
    // A quick monitor, so that a stopped server is noticed within seconds.
    await field(`${POOL}.healthmonitor.delay`).fill('1');
    await field(`${POOL}.healthmonitor.timeout`).fill('1');
    await field(`${POOL}.healthmonitor.max_retries`).fill('1');
    await page.getByRole('button', { name: 'Create load balancer' }).click();

    // The wizard is back at the listener step, with the API's message under the port.
    const error = page.locator(`[data-error-for="${LISTENER}.protocol_port"]`);
    await error.waitFor();
    expect(await error.textContent()).toMatch(/protocol_port must not be greater than 65535/);
    expect(await field(`${LISTENER}.protocol_port`).isVisible()).toBe(true);
    await screenshot(page, 'create-wizard-error');
    expect(await tenantLoadBalancers()).toEqual([]);
  });

  it('creates the whole graph once the field is right, and shows it ACTIVE with both members ONLINE', async () => {
    await field(`${LISTENER}.protocol_port`).fill('80');
    // The corrected field no longer shows the old message.
    expect(await page.locator(`[data-error-for="${LISTENER}.protocol_port"]`).count()).toBe(0);
    await next();
    await next();
    await next();
    await page.getByRole('button', { name: 'Create load balancer' }).click();

    await page.getByTestId('status-tree').waitFor();
    lbId = (await page.locator('[data-lb-id]').getAttribute('data-lb-id'))!;
    await treeStatus('loadbalancer:web', 'ACTIVE').waitFor();
    await memberHealth('WEB1', 'ONLINE').waitFor();
    await memberHealth('WEB2', 'ONLINE').waitFor();
    vip = (await page.getByTestId('vip').textContent())!.trim();

    // What the wizard made is what seed 001 asks for.
    const [listener] = (await tenant.get<Json>(`/v2/lbaas/listeners?loadbalancer_id=${lbId}`)).body.listeners;
    expect(listener).toMatchObject({ protocol: 'HTTP', protocol_port: 80, connection_limit: 100 });
    const pool = (await tenant.get<Json>(`/v2/lbaas/pools/${listener.default_pool_id}`)).body.pool;
    expect(pool).toMatchObject({ name: 'web servers', session_persistence: { type: 'SOURCE_IP' } });
    expect(pool.healthmonitor_id).toBeTruthy();
  });

  it('counts the traffic sent through the VIP on the chart', async () => {
    const answers = Array.from({ length: 6 }, () => network.get(client, `http://${vip}/`));
    // SOURCE_IP persistence: one client, one member.
    expect(new Set(answers).size).toBe(1);
    expect(['WEB1', 'WEB2']).toContain(answers[0]);
    await page.waitForFunction(
      // Runs in the page (whose DOM this file's types do not describe).
      (count) =>
        Number(
          (
            globalThis as unknown as {
              document: { querySelector(s: string): { textContent: string } | null };
            }
          ).document.querySelector('[data-figure="total-connections"]')?.textContent,
        ) >= count,
      answers.length,
      { timeout: 60_000 },
    );
    await screenshot(page, 'load-balancer');
  });

  it('shows WEB1 OFFLINE and the pool DEGRADED when its server stops, and ONLINE again when it is back', async () => {
    network.stopServer(web1);
    await memberHealth('WEB1', 'OFFLINE').waitFor();
    await treeStatus('pool:web servers', 'DEGRADED').waitFor();
    await treeStatus('loadbalancer:web', 'DEGRADED').waitFor();
    await memberHealth('WEB2', 'ONLINE').waitFor();
    // Every answer now comes from WEB2.
    expect(new Set(Array.from({ length: 4 }, () => network.get(client, `http://${vip}/`)))).toEqual(
      new Set(['WEB2']),
    );
    await screenshot(page, 'load-balancer-degraded');

    network.serve(web1, 'WEB1');
    await memberHealth('WEB1', 'ONLINE').waitFor();
    await treeStatus('pool:web servers', 'ONLINE').waitFor();
  });

  it("changes a member's weight, and refuses a bad member at its field", async () => {
    const row = page.locator('tr[data-member="WEB2"]');
    await row.locator('input[name="weight"]').fill('3');
    await row.getByRole('button', { name: 'Set' }).click();
    const poolId = (await tenant.get<Json>(`/v2/lbaas/pools?loadbalancer_id=${lbId}`)).body.pools[0]
      .id as string;
    await waitFor('WEB2 at weight 3', async () => {
      const { members } = (await tenant.get<Json>(`/v2/lbaas/pools/${poolId}/members`)).body;
      return members.find((m: Json) => m.name === 'WEB2')?.weight === 3 ? true : undefined;
    });
    await settled();

    await page.getByText('Add a member').click();
    await field('member.address').fill('not-an-address');
    await page.getByRole('button', { name: 'Add member' }).click();
    const error = page.locator('[data-error-for="member.address"]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/member\.address/);
    expect((await tenant.get<Json>(`/v2/lbaas/pools/${poolId}/members`)).body.members).toHaveLength(2);
  });

  it('adds a member, takes it out of rotation and removes it', async () => {
    network.serve(web3, 'WEB3');
    await field('member.name').fill('WEB3');
    await field('member.address').fill(web3.address);
    await page.getByRole('button', { name: 'Add member' }).click();
    await memberHealth('WEB3', 'ONLINE').waitFor();
    const poolId = (await tenant.get<Json>(`/v2/lbaas/pools?loadbalancer_id=${lbId}`)).body.pools[0]
      .id as string;
    const web3Member = async () =>
      ((await tenant.get<Json>(`/v2/lbaas/pools/${poolId}/members`)).body.members as Json[]).find(
        (m) => m.name === 'WEB3',
      );
    await settled();

    await page.locator('tr[data-member="WEB3"] input[role="switch"]').click();
    await waitFor('WEB3 admin state down', async () =>
      (await web3Member())?.admin_state_up === false ? true : undefined,
    );
    await settled();
    await page.locator('tr[data-member="WEB3"]').getByRole('button', { name: 'Remove' }).click();
    await page.locator('tr[data-member="WEB3"]').waitFor({ state: 'detached' });
    await waitFor('WEB3 gone', async () => ((await web3Member()) === undefined ? true : undefined));
    await settled();
  });

  it('edits the load balancer, and charts one listener', async () => {
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.locator('form.inline-edit input[name="description"]').fill('seed 001');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('seed 001').waitFor();
    expect((await tenant.get<Json>(`/v2/lbaas/loadbalancers/${lbId}`)).body.loadbalancer.description).toBe(
      'seed 001',
    );

    const [listener] = (await tenant.get<Json>(`/v2/lbaas/listeners?loadbalancer_id=${lbId}`)).body.listeners;
    await page.locator('select[aria-label="Traffic of"]').selectOption(listener.id as string);
    await page.getByText(`Traffic of listener ${(listener.id as string).slice(0, 8)}`).waitFor();
    expect(network.get(client, `http://${vip}/`)).toMatch(/^WEB[12]$/);
    // The listener's own counters: every request so far went through it.
    await page.waitForFunction(
      () =>
        Number(
          (
            globalThis as unknown as {
              document: { querySelector(s: string): { textContent: string } | null };
            }
          ).document.querySelector('[data-figure="total-connections"]')?.textContent,
        ) >= 1,
      undefined,
      { timeout: 60_000 },
    );
  });

  it('lists the load balancer, and keeps the agents page to admins', async () => {
    await page.getByRole('link', { name: 'All load balancers' }).click();
    await page.locator(`tr[data-lb="web"] [data-status="ACTIVE"]`).waitFor();
    await screenshot(page, 'load-balancers');
    expect(await page.getByRole('link', { name: 'Agents' }).count()).toBe(0);
    await page.goto(`${baseUrl}/ui/#/agents`);
    await page.getByText('Agents are shown to administrators only.').waitFor();

    const admin = await newPage(browser);
    await loginNoauth(admin.page, baseUrl, 'admin', 'admin');
    await admin.page.getByRole('link', { name: 'Agents' }).click();
    await admin.page.locator(`tr[data-agent="${AGENT_HOST}"] [data-status="ONLINE"]`).waitFor();
    // The topology: this agent → the load balancer → its pool → both members, all healthy.
    const topology = admin.page.getByTestId('topology');
    expect(await topology.locator('[data-node^="agent:"][data-statuses="ACTIVE"]').count()).toBe(1);
    await topology.locator(`[data-node="loadbalancer:${lbId}"][data-statuses="ACTIVE ONLINE"]`).waitFor();
    expect(await topology.locator('[data-node^="member:"]').count()).toBe(2);
    expect(await topology.locator('path.edge').count()).toBe(4);
    await screenshot(admin.page, 'agents-topology');
    expect(admin.errors).toEqual([]);
    await admin.page.context().close();
  });

  it('deletes the load balancer with everything in it after a confirmation', async () => {
    await page.goto(`${baseUrl}/ui/#/loadbalancers/${lbId}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete load balancer and everything in it' }).click();
    await page.getByText('No load balancers yet.').waitFor();
    expect(await tenantLoadBalancers()).toEqual([]);
    await waitFor('the namespace of the load balancer removed', () =>
      Promise.resolve(sh(['ip', 'netns', 'list']).includes(`qlbaas-${lbId}`) ? undefined : true),
    );
  });
});
