/**
 * Bad input and concurrency against a real server and agent:
 * - a fuzz pass sends malformed JSON, wrong types, huge strings, unicode, control characters, newlines
 *   and haproxy keywords into every string field, out-of-range numbers, unknown fields and other projects'
 *   ids: every answer is JSON, none is 5xx, the server keeps running, and the load balancer's rendered
 *   haproxy.conf never contains any injected text (and still passes `haproxy -c`);
 * - 50 load balancers created at once by 10 clients all become ACTIVE with distinct VIPs,
 *   and each answers through its VIP.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiClient, ApiResponse } from './support/api';
import {
  createTestNetwork,
  deleteLoadBalancers,
  httpLoadBalancerBody,
  startTestAgent,
  waitForProvisioning,
} from './support/lb-fixtures';
import { cleanupAgentState, sh, type TestHost, type TestNetwork } from './support/test-network';
import { startTestSystem, type TestSystem } from './support/test-system';
import { waitFor } from './support/wait';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOST = `e2e-fuzz-${process.pid}`;
const stateRoot = mkdtempSync(join(tmpdir(), 'lbfz-'));
chmodSync(stateRoot, 0o711);
const statePath = join(stateRoot, 'agent');
/** Every injected string carries this word after a separator; it must never reach a haproxy config. */
const MARK = 'INJECTED';

let system: TestSystem;
let network: TestNetwork;
let subnetId: string;
let client: TestHost;
let web: TestHost;

beforeAll(async () => {
  system = await startTestSystem('fuzz', { LBAAS_ENABLED_PROVIDERS: 'haproxy,noop' });
  // A slower periodic pass: 50 load balancers on one agent.
  await startTestAgent(system, HOST, statePath, { LBAAS_PERIODIC_INTERVAL: '5' });
  ({ network, subnetId } = await createTestNetwork(system.api, 'fuzz'));
  web = network.addHost('198.51.100.11');
  client = network.addHost('198.51.100.50');
  network.serve(web, 'WEB1');
});

afterAll(async () => {
  const lbs = system
    ? ((
        await system.api.get<Json>('/v2.0/lbaas/loadbalancers').catch(() => ({ body: { loadbalancers: [] } }))
      ).body.loadbalancers as Json[])
    : [];
  await deleteLoadBalancers(
    system.api,
    lbs.map((lb) => lb.id as string),
  ).catch(() => undefined);
  await system?.teardown();
  cleanupAgentState(statePath);
  network?.teardown();
  rmSync(stateRoot, { recursive: true, force: true });
});

/** Strings that try to break out of a field: separators, control characters, haproxy syntax, sizes. */
const NASTY_STRINGS = [
  `x\n    server evil 203.0.113.9:80 ${MARK}`,
  `x\r\nbind :81 ${MARK}`,
  `x ${MARK}`,
  `x\t${MARK}`,
  `x\u0000${MARK}`,
  `x\u0007\u001b[31m${MARK}`,
  `"${MARK}"`,
  `'${MARK}'`,
  `x#${MARK}`,
  // haproxy expands %[…] and %x in redirects (log-format), so they must come out escaped as %%.
  '%[src]',
  '%ci',
  '${HOME}',
  `x\\n${MARK}`,
  `{ ${MARK} }`,
  `/ ${MARK}`,
  `/\n${MARK}`,
  `名前🙂 ${MARK}`,
  `\u202e${MARK}`,
  `${'a'.repeat(300)} ${MARK}`,
  `${'a'.repeat(70_000)} ${MARK}`,
  '',
];

/** Wrong types and out-of-range values for any field. */
const WRONG_VALUES: unknown[] = [null, true, -1, 0, 1e12, 65536, 3.5, [], {}, ['a'], { a: 1 }, 'NaN'];

interface Target {
  path: (ids: FuzzIds) => string;
  method: 'POST' | 'PUT';
  envelope: string;
  /** Fields of a valid body the fuzzed field is added to (for creates). */
  base?: (ids: FuzzIds) => Json;
  fields: string[];
}

/** A load balancer with one object of every kind, whose fields the fuzz writes into. */
interface FuzzIds {
  loadbalancer: string;
  listener: string;
  pool: string;
  member: string;
  monitor: string;
  policy: string;
  rule: string;
}

const TARGETS: Target[] = [
  {
    path: (ids) => `/v2.0/lbaas/loadbalancers/${ids.loadbalancer}`,
    method: 'PUT',
    envelope: 'loadbalancer',
    fields: ['name', 'description', 'admin_state_up', 'tags'],
  },
  {
    path: (ids) => `/v2.0/lbaas/listeners/${ids.listener}`,
    method: 'PUT',
    envelope: 'listener',
    fields: [
      'name',
      'connection_limit',
      'insert_headers',
      'allowed_cidrs',
      'default_pool_id',
      'timeout_client_data',
    ],
  },
  {
    path: () => '/v2.0/lbaas/listeners',
    method: 'POST',
    envelope: 'listener',
    base: (ids) => ({ loadbalancer_id: ids.loadbalancer, protocol: 'HTTP', protocol_port: 81 }),
    fields: ['protocol', 'protocol_port', 'loadbalancer_id', 'default_tls_container_ref'],
  },
  {
    path: (ids) => `/v2.0/lbaas/pools/${ids.pool}`,
    method: 'PUT',
    envelope: 'pool',
    fields: ['name', 'lb_algorithm', 'session_persistence'],
  },
  {
    // TLS towards members: a cipher list, versions and ALPN must not reach the config as text.
    path: (ids) => `/v2.0/lbaas/pools/${ids.pool}`,
    method: 'PUT',
    envelope: 'pool',
    base: () => ({ tls_enabled: true }),
    fields: ['tls_ciphers', 'tls_versions', 'alpn_protocols', 'ca_tls_container_ref', 'tls_container_ref'],
  },
  {
    path: (ids) => `/v2.0/lbaas/pools/${ids.pool}/members/${ids.member}`,
    method: 'PUT',
    envelope: 'member',
    fields: ['name', 'weight', 'admin_state_up'],
  },
  {
    path: (ids) => `/v2.0/lbaas/pools/${ids.pool}/members`,
    method: 'POST',
    envelope: 'member',
    base: () => ({ address: '198.51.100.12', protocol_port: 80 }),
    fields: ['address', 'protocol_port', 'subnet_id', 'monitor_address', 'monitor_port'],
  },
  {
    path: (ids) => `/v2.0/lbaas/healthmonitors/${ids.monitor}`,
    method: 'PUT',
    envelope: 'healthmonitor',
    fields: ['url_path', 'expected_codes', 'http_method', 'delay', 'timeout', 'max_retries', 'name'],
  },
  {
    // The Host header of HTTP/1.1 checks.
    path: (ids) => `/v2.0/lbaas/healthmonitors/${ids.monitor}`,
    method: 'PUT',
    envelope: 'healthmonitor',
    base: () => ({ http_version: 1.1 }),
    fields: ['domain_name'],
  },
  {
    path: (ids) => `/v2.0/lbaas/l7policies/${ids.policy}`,
    method: 'PUT',
    envelope: 'l7policy',
    fields: ['redirect_url', 'redirect_prefix', 'action', 'position', 'redirect_http_code', 'name'],
  },
  {
    path: (ids) => `/v2.0/lbaas/l7policies/${ids.policy}/rules/${ids.rule}`,
    method: 'PUT',
    envelope: 'rule',
    fields: ['value', 'key', 'type', 'compare_type', 'invert'],
  },
  {
    path: (ids) => `/v2.0/lbaas/l7policies/${ids.policy}/rules`,
    method: 'POST',
    envelope: 'rule',
    base: () => ({ type: 'HEADER', compare_type: 'EQUAL_TO', key: 'X-Test', value: 'ok' }),
    fields: ['key', 'value', 'type', 'compare_type'],
  },
  {
    // A field of the client certificate's subject, and the value it is compared with.
    path: (ids) => `/v2.0/lbaas/l7policies/${ids.policy}/rules`,
    method: 'POST',
    envelope: 'rule',
    base: () => ({ type: 'SSL_DN_FIELD', compare_type: 'EQUAL_TO', key: 'CN', value: 'alice' }),
    fields: ['key', 'value', 'compare_type'],
  },
];

/** Fields that are free text: stored and shown, never rendered. */
const FREE_TEXT = new Set(['name', 'description', 'tags']);

/** Session persistence and insert_headers take the values where they go inside an object. */
function fuzzedValue(field: string, value: unknown): unknown {
  if (field === 'session_persistence') return { type: 'APP_COOKIE', cookie_name: value };
  if (field === 'insert_headers') return { 'X-Forwarded-For': value };
  if (field === 'tags') return [value];
  return value;
}

const collected: { request: string; status: number }[] = [];
let fuzzLb: Json;
let fuzzIds: FuzzIds;
let noopIds: FuzzIds;

async function send(
  api: ApiClient,
  method: string,
  path: string,
  body: unknown,
  label: string,
): Promise<ApiResponse<Json>> {
  let response: ApiResponse<Json>;
  try {
    response = await api.request<Json>(method, path, body);
  } catch (error) {
    throw new Error(`${label}: the answer was not JSON or never came (${(error as Error).message})`);
  }
  collected.push({ request: label, status: response.status });
  if (response.status >= 500)
    throw new Error(`${label}: ${response.status} ${JSON.stringify(response.body)}`);
  if (response.status >= 400 && (typeof response.body !== 'object' || response.body === null)) {
    throw new Error(`${label}: ${response.status} without a JSON error body`);
  }
  return response;
}

/** Sends one fuzzed write; a 409 (the previous change still settling) is waited out and sent again. */
async function write(
  ids: FuzzIds,
  target: Target,
  field: string,
  value: unknown,
): Promise<ApiResponse<Json>> {
  const body = { [target.envelope]: { ...(target.base?.(ids) ?? {}), [field]: fuzzedValue(field, value) } };
  const label = `${target.method} ${target.envelope} ${field}=${JSON.stringify(value)?.slice(0, 60)}`;
  for (;;) {
    const response = await send(system.api, target.method, target.path(ids), body, label);
    if (response.status !== 409 || !/immutable/i.test(JSON.stringify(response.body))) return response;
    await waitForProvisioning(system.api, ids.loadbalancer, 'ACTIVE', 60_000);
  }
}

/** After an accepted write on the haproxy load balancer: it must settle, its config clean and valid. */
async function checkRenderedConfig(label: string): Promise<void> {
  await waitForProvisioning(system.api, fuzzIds.loadbalancer, 'ACTIVE', 60_000).catch((error: Error) => {
    throw new Error(`${label}: ${error.message}`);
  });
  const file = join(statePath, 'lbaas', 'v2', fuzzIds.loadbalancer, 'haproxy.conf');
  const config = readFileSync(file, 'utf8');
  if (config.includes(MARK)) throw new Error(`${label}: injected text reached haproxy.conf:\n${config}`);
  for (const [, target] of config.matchAll(/http-request redirect (?:location|prefix) (\S+)/g)) {
    if (target.replace(/%%/g, '').includes('%')) {
      throw new Error(`${label}: an unescaped % reached a redirect (haproxy would expand it): ${target}`);
    }
  }
  sh(['haproxy', '-c', '-q', '-f', file]);
}

/** Creates the load balancer the fuzz writes into, with the given provider. */
async function createFuzzTarget(provider: 'haproxy' | 'noop'): Promise<{ lb: Json; ids: FuzzIds }> {
  const created = await system.api.post<Json>('/v2.0/lbaas/loadbalancers', {
    loadbalancer: {
      ...httpLoadBalancerBody(subnetId, [web.address]).loadbalancer,
      provider,
      listeners: [
        {
          protocol: 'HTTP',
          protocol_port: 80,
          default_pool: {
            protocol: 'HTTP',
            lb_algorithm: 'ROUND_ROBIN',
            session_persistence: { type: 'APP_COOKIE', cookie_name: 'JSESSIONID' },
            members: [{ address: web.address, protocol_port: 80 }],
            healthmonitor: { type: 'HTTP', delay: 5, timeout: 3, max_retries: 3, url_path: '/' },
          },
        },
      ],
    },
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const lb = await waitForProvisioning(system.api, created.body.loadbalancer.id as string, 'ACTIVE');
  const tree = (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}/status`)).body.statuses
    .loadbalancer as Json;
  const listener = tree.listeners[0] as Json;
  const pool = listener.pools[0] as Json;
  const policy = (
    await system.api.post<Json>('/v2.0/lbaas/l7policies', {
      l7policy: { listener_id: listener.id, action: 'REDIRECT_TO_URL', redirect_url: 'http://example.com/' },
    })
  ).body.l7policy as Json;
  await waitForProvisioning(system.api, lb.id as string, 'ACTIVE');
  const rule = (
    await system.api.post<Json>(`/v2.0/lbaas/l7policies/${policy.id as string}/rules`, {
      rule: { type: 'PATH', compare_type: 'STARTS_WITH', value: '/old' },
    })
  ).body.rule as Json;
  await waitForProvisioning(system.api, lb.id as string, 'ACTIVE');
  return {
    lb,
    ids: {
      loadbalancer: lb.id as string,
      listener: listener.id as string,
      pool: pool.id as string,
      member: pool.members[0].id as string,
      monitor: pool.health_monitor.id as string,
      policy: policy.id as string,
      rule: rule.id as string,
    },
  };
}

describe('fuzzing every writable field', () => {
  beforeAll(async () => {
    ({ lb: fuzzLb, ids: fuzzIds } = await createFuzzTarget('haproxy'));
    ({ ids: noopIds } = await createFuzzTarget('noop'));
  });

  it('answers every malformed body with a JSON 4xx', async () => {
    const path = '/v2.0/lbaas/listeners';
    for (const body of ['{', '{"listener": ', 'null', '[]', '"text"', 'not json', '{"listener": null}']) {
      const response = await send(system.api, 'POST', path, body, `POST ${path} ${body}`);
      expect(response.status).toBeGreaterThanOrEqual(400);
    }
    const huge = JSON.stringify({ listener: { name: 'a'.repeat(2_000_000) } });
    expect((await send(system.api, 'POST', path, huge, 'POST 2 MB body')).status).toBe(413);
  });

  it('never answers 5xx nor lets injected text into the haproxy config', async () => {
    // 1. Every value into every field, on a noop load balancer (same validation, settles at once).
    const accepted: { target: Target; field: string; value: unknown }[] = [];
    for (const target of TARGETS) {
      for (const field of target.fields) {
        for (const value of [...NASTY_STRINGS, ...WRONG_VALUES]) {
          const response = await write(noopIds, target, field, value);
          if (response.status >= 300) continue;
          accepted.push({ target, field, value });
          if (target.method === 'POST') {
            await waitForProvisioning(system.api, noopIds.loadbalancer, 'ACTIVE');
            const created = Object.values(response.body)[0] as Json;
            expect((await system.api.delete(`${target.path(noopIds)}/${created.id as string}`)).status).toBe(
              204,
            );
          }
          await waitForProvisioning(system.api, noopIds.loadbalancer, 'ACTIVE');
        }
      }
    }
    // 2. What was accepted for a field that reaches haproxy, again on the real load balancer, checking the
    //    rendered config after each; free text all at once (it never reaches the config).
    for (const { target, field, value } of accepted.filter((entry) => !FREE_TEXT.has(entry.field))) {
      const label = `${target.envelope} ${field}=${JSON.stringify(value)?.slice(0, 60)}`;
      const response = await write(fuzzIds, target, field, value);
      expect([label, response.status]).toEqual([label, target.method === 'POST' ? 201 : 200]);
      await checkRenderedConfig(label);
      if (target.method === 'POST') {
        const created = Object.values(response.body)[0] as Json;
        expect((await system.api.delete(`${target.path(fuzzIds)}/${created.id as string}`)).status).toBe(204);
        await checkRenderedConfig(`${label} (deleted again)`);
      }
    }
    // Free text: per object, every free-text field at once, set to the first (most hostile) accepted string.
    for (const target of TARGETS.filter((candidate) => candidate.method === 'PUT')) {
      const fields = Object.fromEntries(
        target.fields
          .filter((field) => FREE_TEXT.has(field))
          .map((field) => [field, accepted.find((e) => e.target === target && e.field === field)])
          .filter(([, entry]) => entry !== undefined)
          .map(([field, entry]) => [
            field,
            fuzzedValue(field as string, (entry as { value: unknown }).value),
          ]),
      );
      if (Object.keys(fields).length === 0) continue;
      const response = await send(
        system.api,
        'PUT',
        target.path(fuzzIds),
        { [target.envelope]: fields },
        `${target.envelope} free text`,
      );
      expect(response.status).toBe(200);
      await checkRenderedConfig(`${target.envelope} free text`);
    }

    // Unknown fields are refused by name, and other projects' objects do not exist for a caller.
    const unknown = await send(
      system.api,
      'PUT',
      `/v2.0/lbaas/pools/${fuzzIds.pool}`,
      { pool: { evil: `x\n${MARK}` } },
      'unknown field',
    );
    expect(unknown.status).toBe(400);
    const stranger = system.api.as('another-project');
    for (const path of [
      `/v2.0/lbaas/loadbalancers/${fuzzIds.loadbalancer}`,
      `/v2.0/lbaas/listeners/${fuzzIds.listener}`,
      `/v2.0/lbaas/pools/${fuzzIds.pool}`,
      `/v2.0/lbaas/healthmonitors/${fuzzIds.monitor}`,
      `/v2.0/lbaas/l7policies/${fuzzIds.policy}`,
    ]) {
      expect((await send(stranger, 'GET', path, undefined, `GET ${path} as a stranger`)).status).toBe(404);
      expect((await send(stranger, 'DELETE', path, undefined, `DELETE ${path} as a stranger`)).status).toBe(
        404,
      );
    }
    const foreignListener = await send(
      stranger,
      'POST',
      '/v2.0/lbaas/listeners',
      { listener: { loadbalancer_id: fuzzIds.loadbalancer, protocol: 'HTTP', protocol_port: 82 } },
      'listener on a stranger load balancer',
    );
    expect(foreignListener.status).toBe(404);

    await checkRenderedConfig('after the fuzz pass');
    expect((await system.api.get('/healthz')).status).toBe(200);
    expect(system.server.child.exitCode).toBeNull();
    // Still serving (the fuzzed L7 policy may now redirect, so any HTTP answer counts).
    expect(
      network.curl(client, [
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        `http://${fuzzLb.vip_address as string}/`,
      ]),
    ).toMatch(/^[1-5]\d\d$/);
    const byStatus = collected.reduce<Record<number, number>>(
      (acc, { status }) => ({ ...acc, [status]: (acc[status] ?? 0) + 1 }),
      {},
    );
    console.log(
      `fuzz: ${collected.length} requests, ${accepted.length} accepted on the noop load balancer; answers by status ${JSON.stringify(byStatus)}`,
    );
    expect(Object.keys(byStatus).filter((status) => Number(status) >= 500)).toEqual([]);
  }, 900_000);
});

describe('concurrency', () => {
  it('10 clients writing one load balancer at once get 201 or 409, and the graph holds exactly the 201s', async () => {
    const created = await system.api.post<Json>(
      '/v2.0/lbaas/loadbalancers',
      httpLoadBalancerBody(subnetId, [web.address], 'contended'),
    );
    const lb = await waitForProvisioning(system.api, created.body.loadbalancer.id as string, 'ACTIVE');
    const poolId = (await system.api.get<Json>(`/v2.0/lbaas/pools?loadbalancer_id=${lb.id as string}`)).body
      .pools[0].id as string;
    const accepted: string[] = [];
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          system.api.post<Json>(`/v2.0/lbaas/pools/${poolId}/members`, {
            member: { address: `198.51.100.${20 + round * 10 + i}`, protocol_port: 80 },
          }),
        ),
      );
      expect(
        answers.map((answer) => answer.status).filter((status) => status !== 201 && status !== 409),
      ).toEqual([]);
      accepted.push(
        ...answers.filter((answer) => answer.status === 201).map((answer) => answer.body.member.id as string),
      );
      await waitForProvisioning(system.api, lb.id as string, 'ACTIVE');
    }
    // While one change is pending the others are refused: at least one per round got through.
    expect(accepted.length).toBeGreaterThanOrEqual(3);
    const members = (await system.api.get<Json>(`/v2.0/lbaas/pools/${poolId}/members`)).body
      .members as Json[];
    const original = members.filter((member) => member.address === web.address).map((m) => m.id as string);
    expect(members.map((member) => member.id as string).sort()).toEqual([...accepted, ...original].sort());
    expect(members.every((member) => member.provisioning_status === 'ACTIVE')).toBe(true);
    const config = readFileSync(join(statePath, 'lbaas', 'v2', lb.id as string, 'haproxy.conf'), 'utf8');
    for (const member of members) expect(config).toContain(member.id as string);
    // Members are `server <member id>` (the log ring's `server agent` is not one).
    expect(config.match(/^\s+server [0-9a-f]{8}-/gm)).toHaveLength(members.length);
    await deleteLoadBalancers(system.api, [lb.id as string]);
  });

  it('50 load balancers created at once by 10 clients all become ACTIVE with distinct VIPs and answer', async () => {
    // Ten independent clients (the tenant network belongs to the test's project).
    const clients = Array.from({ length: 10 }, () => system.api);
    const started = Date.now();
    const created = (
      await Promise.all(
        clients.map(async (api, i) => {
          const mine: { api: ApiClient; lb: Json }[] = [];
          for (let n = 0; n < 5; n++) {
            const response = await api.post<Json>(
              '/v2.0/lbaas/loadbalancers',
              httpLoadBalancerBody(subnetId, [web.address], `c${i}-${n}`),
            );
            expect(response.status).toBe(201);
            mine.push({ api, lb: response.body.loadbalancer as Json });
          }
          return mine;
        }),
      )
    ).flat();
    expect(created).toHaveLength(50);
    const vips = created.map(({ lb: one }) => one.vip_address as string);
    expect(new Set(vips).size).toBe(50);
    for (const { api, lb: one } of created) {
      await waitForProvisioning(api, one.id as string, 'ACTIVE', 300_000);
    }
    console.log(
      `concurrency: 50 load balancers ACTIVE ${((Date.now() - started) / 1000).toFixed(1)} s after the first create`,
    );
    for (const vip of vips) {
      await waitFor(`${vip} to answer`, () =>
        Promise.resolve(network.get(client, `http://${vip}/`) === 'WEB1' ? true : undefined),
      );
    }
    for (const { api } of created.filter((_, index) => index % 5 === 0)) {
      const ids = created.filter((entry) => entry.api === api).map(({ lb: one }) => one.id as string);
      await deleteLoadBalancers(api, ids);
    }
    const left = sh(['ip', 'netns', 'list']);
    expect(created.filter(({ lb: one }) => left.includes(`qlbaas-${one.id as string}`))).toEqual([]);
  });
});
