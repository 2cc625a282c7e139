/**
 * The real OpenStack clients, unchanged, against lbaas-server without Keystone: Debian's `openstack` CLI
 * (python-octaviaclient) run as `openstack --os-auth-type none --os-endpoint <server>`, and an
 * openstacksdk script. Each command's output is checked, and what they build answers HTTP through its
 * VIP from a client namespace.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { certificateAuthority, issueCertificate } from '@lbaas/haproxy/testing/tls-fixtures';
import { createSecret, storeCertificate } from './support/certificates';
import { createTestNetwork, deleteLoadBalancers, startTestAgent } from './support/lb-fixtures';
import { runOpenstack } from './support/openstack-cli';
import { cleanupAgentState, sh, type TestHost, type TestNetwork } from './support/test-network';
import { startTestSystem, type TestSystem } from './support/test-system';
import { waitFor } from './support/wait';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const run = promisify(execFile);
const stateRoot = mkdtempSync(join(tmpdir(), 'lboc-'));
const HOST = `e2e-oscli-${process.pid}`;
// The rows `openstack loadbalancer show` prints (python-octaviaclient 3.1.0).
const LOAD_BALANCER_ROWS = [
  'admin_state_up',
  'availability_zone',
  'created_at',
  'description',
  'flavor_id',
  'id',
  'listeners',
  'name',
  'operating_status',
  'pools',
  'project_id',
  'provider',
  'provisioning_status',
  'updated_at',
  'vip_address',
  'vip_network_id',
  'vip_port_id',
  'vip_qos_policy_id',
  'vip_subnet_id',
  'tags',
];

let system: TestSystem;
let network: TestNetwork;
let subnetId: string;
let client: TestHost;

/**
 * Runs `openstack <command> <args>` as a user without Keystone would (the command's words split on
 * spaces, each of `args` passed as one argument); its stdout, or an error with its stderr.
 */
async function openstack(command: string, ...rest: string[]): Promise<string> {
  const endpoint = `http://127.0.0.1:${system.port}`;
  return runOpenstack(['--os-auth-type', 'none', '--os-endpoint', endpoint, ...command.split(' '), ...rest]);
}

const openstackJson = async (command: string, ...rest: string[]): Promise<Json> =>
  JSON.parse(await openstack(command, ...rest, '-f', 'json')) as Json;

/** The CLI's failure text: the command must fail. */
async function openstackFails(command: string): Promise<string> {
  return openstack(command).then(
    (stdout) => {
      throw new Error(`openstack ${command} succeeded: ${stdout}`);
    },
    (error: Error) => error.message,
  );
}

/** Polls with the CLI, as a user without `--wait` would, until the load balancer is ACTIVE again. */
const waitActive = (lb: string) =>
  waitFor(`${lb} ACTIVE (seen by the CLI)`, async () =>
    (await openstack('loadbalancer show', lb, '-f', 'value', '-c', 'provisioning_status')).trim() === 'ACTIVE'
      ? true
      : undefined,
  );

/** Every answer the VIP gives to `count` requests from the client namespace. */
function answersThrough(vip: string, count = 6, path = '/'): Set<string> {
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) seen.add(network.get(client, `http://${vip}${path}`));
  return seen;
}

const waitAnswers = (vip: string, expected: string[]) =>
  waitFor(
    `${vip} to answer ${expected.join(' and ')}`,
    () => {
      const seen = answersThrough(vip);
      return Promise.resolve(expected.every((name) => seen.has(name)) ? seen : undefined);
    },
    60_000,
  );

beforeAll(async () => {
  // haproxy (user nobody) runs the UDP-CONNECT helper under the agent's state_path.
  chmodSync(stateRoot, 0o711);
  system = await startTestSystem('oscli');
  await startTestAgent(system, HOST, join(stateRoot, 'agent'));
  ({ network, subnetId } = await createTestNetwork(system.api, 'oscli'));
  const web1 = network.addHost('198.51.100.11');
  const web2 = network.addHost('198.51.100.12');
  client = network.addHost('198.51.100.50');
  network.serve(web1, 'WEB1');
  network.serve(web2, 'WEB2');
  network.serveUdp(web1, 'DNS1', 5353);
  network.serveUdp(web2, 'DNS2', 5353);
});

afterAll(async () => {
  const { loadbalancers } = (await system.api.get<Json>('/v2.0/lbaas/loadbalancers')).body as {
    loadbalancers?: Json[];
  };
  await deleteLoadBalancers(
    system.api,
    (loadbalancers ?? []).map((lb) => lb.id as string),
  ).catch(() => undefined);
  await system?.teardown();
  network?.teardown();
  cleanupAgentState(join(stateRoot, 'agent'));
  rmSync(stateRoot, { recursive: true, force: true });
});

describe('openstack loadbalancer … (python-octaviaclient) without Keystone', () => {
  let lb: Json;

  it('creates a load balancer with --wait and shows every field', async () => {
    lb = await openstackJson(
      'loadbalancer create --name web --description',
      'made by the CLI',
      '--tag',
      'cli',
      '--vip-subnet-id',
      subnetId,
      '--vip-address',
      '198.51.100.200',
      '--wait',
    );
    expect(lb).toMatchObject({ name: 'web', provisioning_status: 'ACTIVE', vip_address: '198.51.100.200' });

    const shown = await openstackJson('loadbalancer show web');
    expect(Object.keys(shown)).toEqual(expect.arrayContaining(LOAD_BALANCER_ROWS));
    expect(shown).toMatchObject({
      id: lb.id,
      description: 'made by the CLI',
      tags: 'cli',
      admin_state_up: true,
      provider: 'haproxy',
      project_id: 'admin',
      vip_subnet_id: subnetId,
      operating_status: 'ONLINE',
    });
    for (const row of ['created_at', 'updated_at', 'vip_network_id', 'vip_port_id']) {
      expect(shown[row]).toEqual(expect.stringMatching(/\S/));
    }
  });

  it('builds listener, pool and two members with --wait; the VIP answers from both', async () => {
    const listener = await openstackJson(
      'loadbalancer listener create --name http --protocol HTTP --protocol-port 80 --connection-limit 100 --wait web',
    );
    expect(listener).toMatchObject({
      provisioning_status: 'ACTIVE',
      connection_limit: 100,
      protocol_port: 80,
    });

    const pool = await openstackJson(
      'loadbalancer pool create --name pool1 --listener http --protocol HTTP --lb-algorithm ROUND_ROBIN --session-persistence type=HTTP_COOKIE --wait',
    );
    expect(pool).toMatchObject({ provisioning_status: 'ACTIVE', lb_algorithm: 'ROUND_ROBIN' });
    expect(pool.session_persistence).toContain('type=HTTP_COOKIE');

    for (const [name, address] of [
      ['WEB1', '198.51.100.11'],
      ['WEB2', '198.51.100.12'],
    ]) {
      const member = await openstackJson(
        'loadbalancer member create --name',
        name,
        '--address',
        address,
        '--protocol-port',
        '80',
        '--subnet-id',
        subnetId,
        '--wait',
        'pool1',
      );
      expect(member).toMatchObject({ name, address, provisioning_status: 'ACTIVE' });
    }
    const members = (await openstackJson('loadbalancer member list pool1')) as unknown as Json[];
    expect(members.map((m) => m.address).sort()).toEqual(['198.51.100.11', '198.51.100.12']);

    await waitAnswers(lb.vip_address as string, ['WEB1', 'WEB2']);
  });

  it('changes a member with member set and removes one with member delete', async () => {
    await openstack('loadbalancer member set --weight 5 --wait pool1 WEB1');
    expect(await openstackJson('loadbalancer member show pool1 WEB1')).toMatchObject({
      weight: 5,
      provisioning_status: 'ACTIVE',
    });

    await openstack('loadbalancer member delete --wait pool1 WEB2');
    const left = (await openstackJson('loadbalancer member list pool1')) as unknown as Json[];
    expect(left.map((m) => m.name)).toEqual(['WEB1']);
    await waitFor('only WEB1 answers', () => {
      const seen = answersThrough(lb.vip_address as string);
      return Promise.resolve(seen.size === 1 && seen.has('WEB1') ? true : undefined);
    });
  });

  it('adds a health monitor that brings the member ONLINE', async () => {
    const monitor = await openstackJson(
      'loadbalancer healthmonitor create --name hm --delay 2 --timeout 1 --max-retries 2 --type HTTP --url-path / --expected-codes 200 --http-version 1.1 --domain-name www.lbaas.test --wait pool1',
    );
    expect(monitor).toMatchObject({
      provisioning_status: 'ACTIVE',
      type: 'HTTP',
      delay: 2,
      timeout: 1,
      http_version: 1.1,
      domain_name: 'www.lbaas.test',
    });
    await waitFor('WEB1 ONLINE', async () =>
      (await openstackJson('loadbalancer member show pool1 WEB1')).operating_status === 'ONLINE'
        ? true
        : undefined,
    );
  });

  it('adds an L7 policy and rule that reject /admin', async () => {
    const policy = await openstackJson(
      'loadbalancer l7policy create --name block-admin --action REJECT --wait http',
    );
    expect(policy).toMatchObject({ provisioning_status: 'ACTIVE', action: 'REJECT' });
    // No --wait: octaviaclient 3.1.0 swaps the policy and rule ids when it shows the rule after waiting.
    const rule = await openstackJson(
      'loadbalancer l7rule create --compare-type STARTS_WITH --type PATH --value /admin block-admin',
    );
    expect(rule).toMatchObject({ compare_type: 'STARTS_WITH', type: 'PATH', value: '/admin' });
    await waitActive('web');
    await waitFor('/admin rejected', () =>
      Promise.resolve(
        network.get(client, `http://${lb.vip_address as string}/admin`) === 'WEB1' ? undefined : true,
      ),
    );
    expect(
      sh([
        'ip',
        'netns',
        'exec',
        client.namespace,
        'curl',
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '-m',
        '5',
        `http://${lb.vip_address as string}/admin`,
      ]),
    ).toBe('403');
    expect(answersThrough(lb.vip_address as string)).toEqual(new Set(['WEB1']));
  });

  it('shows the status tree and the statistics', async () => {
    const status = JSON.parse(await openstack('loadbalancer status show web')) as Json;
    const tree = status.loadbalancer as Json;
    expect(tree).toMatchObject({ id: lb.id, provisioning_status: 'ACTIVE' });
    const pool = tree.listeners[0].pools[0] as Json;
    expect(pool.health_monitor).toMatchObject({ type: 'HTTP', provisioning_status: 'ACTIVE' });
    expect(pool.members).toEqual([expect.objectContaining({ name: 'WEB1', operating_status: 'ONLINE' })]);

    const stats = await waitFor('connections counted', async () => {
      const shown = await openstackJson('loadbalancer stats show web');
      return shown.total_connections > 0 ? shown : undefined;
    });
    expect(Object.keys(stats).sort()).toEqual([
      'active_connections',
      'bytes_in',
      'bytes_out',
      'request_errors',
      'total_connections',
    ]);
    expect(stats.bytes_out).toBeGreaterThan(0);
  });

  it('lists with filters', async () => {
    const byName = (await openstackJson('loadbalancer list --name web')) as unknown as Json[];
    expect(byName.map((row) => row.id)).toEqual([lb.id]);
    const active = (await openstackJson(
      'loadbalancer list --provisioning-status ACTIVE --vip-subnet-id',
      subnetId,
    )) as unknown as Json[];
    expect(active.map((row) => row.id)).toContain(lb.id);
    expect(await openstackJson('loadbalancer list --name no-such-lb')).toEqual([]);
    expect(await openstackJson('loadbalancer list --tags no-such-tag')).toEqual([]);
  });

  it('fails over with --wait and still answers', async () => {
    await openstack('loadbalancer failover --wait web');
    expect(await openstackJson('loadbalancer show web')).toMatchObject({
      provisioning_status: 'ACTIVE',
    });
    await waitAnswers(lb.vip_address as string, ['WEB1']);
  });

  it('lists, shows, configures and reads the statistics of the amphora, the running instance', async () => {
    const [amphora, ...others] = (await openstackJson(
      'loadbalancer amphora list --loadbalancer',
      lb.id as string,
    )) as unknown as Json[];
    expect(others).toEqual([]);
    expect(amphora).toMatchObject({ loadbalancer_id: lb.id, status: 'ALLOCATED', role: 'STANDALONE' });
    expect(await openstackJson('loadbalancer amphora show', amphora.id as string)).toMatchObject({
      compute_id: HOST,
      ha_ip: lb.vip_address,
      loadbalancer_id: lb.id,
    });
    await openstack('loadbalancer amphora configure --wait', amphora.id as string);
    expect(await openstackJson('loadbalancer amphora stats show', amphora.id as string)).toMatchObject({
      total_connections: expect.any(Number),
      bytes_in: expect.any(Number),
    });
    await waitAnswers(lb.vip_address as string, ['WEB1']);
  });

  it('shows, sets and resets quotas, and lists the providers', async () => {
    const set = await openstackJson(
      'loadbalancer quota set --loadbalancer 5 --member 50 --l7policy 3 --l7rule 9 demo',
    );
    expect(set).toMatchObject({ load_balancer: 5, member: 50, l7policy: 3, l7rule: 9, listener: -1 });
    expect(await openstackJson('loadbalancer quota show demo')).toMatchObject({ load_balancer: 5 });
    await openstack('loadbalancer quota reset demo');
    expect(await openstackJson('loadbalancer quota show demo')).toMatchObject({ load_balancer: -1 });

    const providers = (await openstackJson('loadbalancer provider list')) as unknown as Json[];
    expect(providers.map((p) => p.name)).toContain('haproxy');
  });

  it("prints the server's error, naming the field and the rule", async () => {
    // A value the CLI itself lets through, so the answer is the server's 400.
    const message = await openstackFails(
      'loadbalancer pool create --loadbalancer web --protocol HTTP --lb-algorithm ROUND_ROBIN --session-persistence type=APP_COOKIE',
    );
    expect(message).toContain('APP_COOKIE session persistence needs a cookie_name');
    expect(message).toContain('HTTP 400');
  });

  it('creates a TERMINATED_HTTPS listener with TLS versions, ciphers, ALPN and client authentication, and a re-encrypting pool', async () => {
    const ca = certificateAuthority(stateRoot, 'CLI CA');
    const caRef = await createSecret(system.api, 'cli ca', ca.certificate);
    const certificateRef = await storeCertificate(
      system.api,
      'cli vip',
      issueCertificate(ca, 'vip.lbaas.test'),
    );
    const listener = await openstackJson(
      'loadbalancer listener create --name https --protocol TERMINATED_HTTPS --protocol-port 443 --default-tls-container-ref',
      certificateRef,
      ...[
        '--tls-version',
        'TLSv1.2',
        '--tls-version',
        'TLSv1.3',
        '--tls-ciphers',
        'ECDHE-RSA-AES128-GCM-SHA256',
      ],
      ...['--alpn-protocol', 'h2', '--alpn-protocol', 'http/1.1'],
      ...['--client-authentication', 'OPTIONAL', '--client-ca-tls-container-ref', caRef, '--wait', 'web'],
    );
    expect(listener).toMatchObject({
      provisioning_status: 'ACTIVE',
      client_authentication: 'OPTIONAL',
      client_ca_tls_container_ref: caRef,
      tls_ciphers: 'ECDHE-RSA-AES128-GCM-SHA256',
    });
    expect(String(listener.tls_versions)).toMatch(/TLSv1\.2.*TLSv1\.3/);
    expect(String(listener.alpn_protocols)).toMatch(/h2.*http\/1\.1/);
    const pool = await openstackJson(
      'loadbalancer pool create --name tls-pool --listener https --protocol HTTP --lb-algorithm ROUND_ROBIN --enable-tls --ca-tls-container-ref',
      caRef,
      ...['--tls-version', 'TLSv1.3', '--alpn-protocol', 'http/1.1', '--wait'],
    );
    expect(pool).toMatchObject({
      provisioning_status: 'ACTIVE',
      tls_enabled: true,
      ca_tls_container_ref: caRef,
    });
    expect(String(pool.tls_versions)).toContain('TLSv1.3');
    // What the CLI asked for is on the wire: TLS 1.2 with the one cipher, and HTTP/2 through ALPN.
    const vip = lb.vip_address as string;
    expect(network.tlsHandshake(client, vip, 443, ['-tls1_2'])).toEqual({
      protocol: 'TLSv1.2',
      cipher: 'ECDHE-RSA-AES128-GCM-SHA256',
    });
    expect(network.tlsHandshake(client, vip, 443, ['-alpn', 'h2']).protocol).toBe('TLSv1.3');
    await openstack('loadbalancer pool delete --wait tls-pool');
    await openstack('loadbalancer listener delete --wait https');
  });

  it('creates a UDP listener, a pool with SOURCE_IP persistence, members and a UDP-CONNECT monitor; datagrams are answered', async () => {
    const listener = await openstackJson(
      'loadbalancer listener create --name dns --protocol UDP --protocol-port 53 --wait web',
    );
    expect(listener).toMatchObject({ provisioning_status: 'ACTIVE', protocol: 'UDP', protocol_port: 53 });
    const pool = await openstackJson(
      'loadbalancer pool create --name dns-pool --listener dns --protocol UDP --lb-algorithm ROUND_ROBIN --session-persistence type=SOURCE_IP,persistence_timeout=60,persistence_granularity=255.255.255.0 --wait',
    );
    expect(pool).toMatchObject({ provisioning_status: 'ACTIVE', protocol: 'UDP' });
    expect(pool.session_persistence).toMatch(/persistence_timeout=60/);
    for (const [name, address] of [
      ['DNS1', '198.51.100.11'],
      ['DNS2', '198.51.100.12'],
    ]) {
      await openstack(
        'loadbalancer member create --name',
        name,
        ...['--address', address, '--protocol-port', '5353', '--wait', 'dns-pool'],
      );
    }
    const monitor = await openstackJson(
      'loadbalancer healthmonitor create --name dns-hm --delay 1 --timeout 1 --max-retries 1 --type UDP-CONNECT --wait dns-pool',
    );
    expect(monitor).toMatchObject({ provisioning_status: 'ACTIVE', type: 'UDP-CONNECT' });
    await waitFor('both UDP members ONLINE', async () => {
      const members = (await openstackJson('loadbalancer member list dns-pool')) as unknown as Json[];
      return members.every((m) => m.operating_status === 'ONLINE') ? true : undefined;
    });
    // One client, one member (persistence), and no datagram unanswered.
    const answered = await network.udpAsk(client, lb.vip_address as string, 53, 6);
    expect(answered.lost).toBe(0);
    expect(Object.values(answered.answers)).toEqual([6]);
    await openstack('loadbalancer pool delete --wait dns-pool');
    await openstack('loadbalancer listener delete --wait dns');
  });

  it('defines a flavor profile and a flavor, and creates a load balancer with it', async () => {
    const profile = await openstackJson(
      'loadbalancer flavorprofile create --name tuned --provider haproxy --flavor-data',
      '{"maxconn": 4000}',
    );
    expect(profile).toMatchObject({
      name: 'tuned',
      provider_name: 'haproxy',
      flavor_data: '{"maxconn": 4000}',
    });
    const flavor = await openstackJson(
      'loadbalancer flavor create --name tuned --flavorprofile tuned --enable',
    );
    expect(flavor).toMatchObject({ name: 'tuned', enabled: true, flavor_profile_id: profile.id });
    const flavors = (await openstackJson('loadbalancer flavor list')) as unknown as Json[];
    expect(flavors.map((f) => f.name)).toContain('tuned');
    const flavored = await openstackJson(
      'loadbalancer create --name flavored --vip-subnet-id',
      subnetId,
      '--flavor',
      'tuned',
      '--wait',
    );
    expect(flavored).toMatchObject({ flavor_id: flavor.id, provisioning_status: 'ACTIVE' });
    await openstack('loadbalancer delete --wait flavored');
    await openstack('loadbalancer flavor delete tuned');
    await openstack('loadbalancer flavorprofile delete tuned');
    expect(await openstackJson('loadbalancer flavorprofile list')).toEqual([]);
  });

  it('defines an availability zone profile and zone, and creates a load balancer in it on its agents', async () => {
    const capabilities = (await openstackJson(
      'loadbalancer provider capability list haproxy --availability-zone',
    )) as unknown as Json[];
    expect(capabilities.map((capability) => capability.name)).toEqual(['compute_zone', 'valid_vip_networks']);
    // The agent of this suite reports neutron's default zone.
    const profile = await openstackJson(
      'loadbalancer availabilityzoneprofile create --name default-racks --provider haproxy --availability-zone-data',
      '{"compute_zone": "nova"}',
    );
    expect(profile).toMatchObject({ name: 'default-racks', provider_name: 'haproxy' });
    const zone = await openstackJson(
      'loadbalancer availabilityzone create --name racks --availabilityzoneprofile default-racks --description',
      'the default racks',
    );
    expect(zone).toMatchObject({
      name: 'racks',
      enabled: true,
      availability_zone_profile_id: profile.id,
      description: 'the default racks',
    });
    await openstack('loadbalancer availabilityzone set --description', 'all racks', 'racks');
    expect(await openstackJson('loadbalancer availabilityzone show racks')).toMatchObject({
      description: 'all racks',
    });
    const zones = (await openstackJson('loadbalancer availabilityzone list')) as unknown as Json[];
    expect(zones.map((z) => z.name)).toEqual(['racks']);
    const zoned = await openstackJson(
      'loadbalancer create --name zoned --vip-subnet-id',
      subnetId,
      '--availability-zone',
      'racks',
      '--wait',
    );
    expect(zoned).toMatchObject({ availability_zone: 'racks', provisioning_status: 'ACTIVE' });
    await openstack('loadbalancer delete --wait zoned');
    await openstack('loadbalancer availabilityzone delete racks');
    await openstack('loadbalancer availabilityzoneprofile delete default-racks');
    expect(await openstackJson('loadbalancer availabilityzoneprofile list')).toEqual([]);
  });

  it('deletes with --cascade --wait: gone from the API and from the host', async () => {
    await openstack('loadbalancer delete --cascade --wait web');
    expect(await openstackJson('loadbalancer list --name web')).toEqual([]);
    expect(sh(['ip', 'netns', 'list'])).not.toContain(`qlbaas-${lb.id as string}`);
  });
});

describe('openstacksdk (conn.load_balancer) without Keystone', () => {
  const sdk = async (...args: string[]): Promise<Json> => {
    const { stdout } = await run(
      '/usr/bin/python3',
      [join(__dirname, 'support', 'openstacksdk_client.py'), `http://127.0.0.1:${system.port}`, ...args],
      { timeout: 300_000 },
    ).catch((error: Error & { stderr?: string }) => {
      throw new Error(`openstacksdk script failed: ${error.stderr ?? error.message}`);
    });
    return JSON.parse(stdout) as Json;
  };

  it('creates a load balancer that answers, pages through the list, and deletes it', async () => {
    const created = await sdk('create', subnetId, '198.51.100.12');
    expect(created).toMatchObject({
      provisioning_status: 'ACTIVE',
      listener_protocol: 'HTTP',
      pool_algorithm: 'LEAST_CONNECTIONS',
      members: [['198.51.100.12', 3]],
      found_by_name: created.id,
    });
    expect(created.paged_ids).toContain(created.id);
    await waitAnswers(created.vip_address as string, ['WEB2']);

    expect(await sdk('delete', created.id as string)).toEqual({ deleted: created.id });
    expect((await system.api.get(`/v2.0/lbaas/loadbalancers/${created.id as string}`)).status).toBe(404);
  });
});
