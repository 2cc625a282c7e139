import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_VRRP_TIMERS, renderKeepalivedConfig } from '@lbaas/keepalived';
import { CommandRunner } from '../system/command-runner';
import { signalProcess } from '../system/processes';
import { KeepalivedProcess, VRRP_PID_FILE } from './keepalived-process';

// Two instances of one load balancer and a client, as namespaces on a bridge of their own (only
// 198.51.100.0/24 inside them); each instance runs a real haproxy that names itself on :8080.
const LB = '0b7a1f4e-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
const VIP = '198.51.100.10';
const suffix = randomBytes(3).toString('hex');
const bridge = `lbtv${suffix}`;
const workDir = mkdtempSync(join(tmpdir(), 'lbaas-vrrp-'));
const keepalived = new KeepalivedProcess(new CommandRunner());
jest.setTimeout(120_000);

interface Instance {
  name: 'A' | 'B';
  namespace: string;
  device: string;
  address: string;
  peer: string;
  priority: number;
  dir: string;
}

const sh = (argv: string[]) =>
  execFileSync(argv[0], argv.slice(1), {
    encoding: 'utf8',
    timeout: 15_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const trySh = (argv: string[]) => {
  try {
    return sh(argv);
  } catch {
    return '';
  }
};

function addHost(name: string, address: string): { namespace: string; device: string } {
  const namespace = `lbtest-vrrp-${name}-${suffix}`;
  const device = `lbtv${name}${suffix}`;
  sh(['ip', 'netns', 'add', namespace]);
  sh(['ip', '-n', namespace, 'link', 'set', 'lo', 'up']);
  sh(['ip', 'link', 'add', device, 'type', 'veth', 'peer', 'name', `${device}p`]);
  sh(['ip', 'link', 'set', `${device}p`, 'master', bridge, 'up']);
  sh(['ip', 'link', 'set', device, 'netns', namespace]);
  sh(['ip', '-n', namespace, 'link', 'set', device, 'up']);
  sh(['ip', '-n', namespace, 'addr', 'add', `${address}/24`, 'dev', device]);
  return { namespace, device };
}

function instance(name: 'A' | 'B', address: string, peer: string, priority: number): Instance {
  const dir = join(workDir, name);
  mkdirSync(dir, { recursive: true });
  return { name, ...addHost(name, address), address, peer, priority, dir };
}

function startHaproxy(i: Instance): void {
  const config = [
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 5s',
    '  timeout server 5s',
    'frontend who',
    '  bind :8080',
    `  http-request return status 200 content-type text/plain string ${i.name}`,
    '',
  ].join('\n');
  writeFileSync(join(i.dir, 'haproxy.cfg'), config);
  sh(
    ['ip', 'netns', 'exec', i.namespace, 'haproxy', '-f', join(i.dir, 'haproxy.cfg')].concat([
      '-p',
      join(i.dir, 'haproxy.pid'),
      '-D',
    ]),
  );
}

function configOf(i: Instance): string {
  return renderKeepalivedConfig({
    loadBalancerId: LB,
    device: i.device,
    ownAddress: i.address,
    peerAddress: i.peer,
    priority: i.priority,
    vips: [{ address: VIP, prefixLength: 24 }],
    timers: DEFAULT_VRRP_TIMERS,
    haproxyPidFile: join(i.dir, 'haproxy.pid'),
  });
}

const holdsVip = (i: Instance) =>
  trySh(['ip', '-n', i.namespace, '-br', 'addr', 'show']).includes(`${VIP}/24`);
const pidOf = (file: string) => Number(trySh(['cat', file]).trim());

let a: Instance;
let b: Instance;
let client: string;

/** Who answers on the VIP (one request, 1 s at most), or '' when nobody does. */
function answerer(): string {
  return trySh(['ip', 'netns', 'exec', client, 'curl', '-s', '-m', '1', `http://${VIP}:8080/`]).trim();
}

/** Who answered each of `probes` requests made 100 ms apart (a client probing the VIP for a while). */
async function answersOver(probes: number): Promise<string[]> {
  const seen = new Set<string>();
  for (let n = 0; n < probes; n++) {
    seen.add(answerer());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [...seen];
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(() => {
  sh(['ip', 'link', 'add', bridge, 'type', 'bridge']);
  sh(['ip', 'link', 'set', bridge, 'up']);
  a = instance('A', '198.51.100.21', '198.51.100.22', 100);
  b = instance('B', '198.51.100.22', '198.51.100.21', 90);
  client = addHost('C', '198.51.100.5').namespace;
});

afterAll(async () => {
  for (const i of [a, b]) {
    if (!i) continue;
    await keepalived.stop(i.dir).catch(() => undefined);
    signalProcess(pidOf(join(i.dir, 'haproxy.pid')), 'SIGKILL');
  }
  for (const name of ['A', 'B', 'C']) trySh(['ip', 'netns', 'delete', `lbtest-vrrp-${name}-${suffix}`]);
  trySh(['ip', 'link', 'delete', bridge]);
  rmSync(workDir, { recursive: true, force: true });
});

describe('KeepalivedProcess: two instances of one load balancer', () => {
  it('gives the VIP to one instance; the other takes it when haproxy dies, when its node is lost, and keeps it when the node returns', async () => {
    for (const i of [a, b]) startHaproxy(i);
    expect(await keepalived.apply(a.namespace, a.dir, configOf(a))).toBe('started');
    await waitFor('A to hold the VIP', () => answerer() === 'A');
    expect(await keepalived.apply(b.namespace, b.dir, configOf(b))).toBe('started');
    expect(await keepalived.apply(b.namespace, b.dir, configOf(b))).toBe('unchanged');
    // B started after A became master: it stays backup (nopreempt, and A's adverts keep it so).
    expect(await answersOver(30)).toEqual(['A']);
    expect([holdsVip(a), holdsVip(b)]).toEqual([true, false]);

    // haproxy dies on the master: its check fails, A goes to FAULT and gives the VIP up.
    signalProcess(pidOf(join(a.dir, 'haproxy.pid')), 'SIGKILL');
    await waitFor('B to hold the VIP', () => answerer() === 'B');
    expect([holdsVip(a), holdsVip(b)]).toEqual([false, true]);
    // haproxy back on A: A does not take the VIP back.
    startHaproxy(a);
    expect(await answersOver(30)).toEqual(['B']);

    // B's node is lost at once: keepalived killed, its namespace gone. A takes over.
    signalProcess(pidOf(join(b.dir, VRRP_PID_FILE)), 'SIGKILL');
    signalProcess((await keepalived.pid(b.dir))!, 'SIGKILL');
    signalProcess(pidOf(join(b.dir, 'haproxy.pid')), 'SIGKILL');
    sh(['ip', 'netns', 'delete', b.namespace]);
    await waitFor('A to hold the VIP again', () => answerer() === 'A');

    // B's node returns with its old files: its instance starts as backup and leaves the VIP to A.
    b = { ...b, ...addHost('B', b.address) };
    startHaproxy(b);
    expect(await keepalived.apply(b.namespace, b.dir, configOf(b))).toBe('started');
    expect(await answersOver(30)).toEqual(['A']);
    expect([holdsVip(a), holdsVip(b)]).toEqual([true, false]);

    // A stops cleanly (an instance removed): it tells B at once, B takes the VIP.
    await keepalived.stop(a.dir);
    expect(await keepalived.isRunning(a.dir)).toBe(false);
    await waitFor('B to hold the VIP after A stopped', () => answerer() === 'B');
    expect(holdsVip(a)).toBe(false);
  });

  it('refuses a config keepalived rejects and keeps the running one', async () => {
    const before = await keepalived.pid(b.dir);
    await expect(keepalived.apply(b.namespace, b.dir, 'vrrp_instance {\n')).rejects.toThrow(/keepalived/);
    expect(await keepalived.pid(b.dir)).toBe(before);
    expect(await keepalived.apply(b.namespace, b.dir, configOf(b))).toBe('unchanged');
  });
});
