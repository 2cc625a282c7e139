import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_VRRP_TIMERS, renderKeepalivedConfig } from '@lbaas/keepalived';
import { CommandRunner } from '../system/command-runner';
import { signalProcess } from '../system/processes';
import {
  answersOver,
  holdsAddress,
  namePidFile,
  serveName,
  sh,
  TestBridge,
  trySh,
  waitUntil,
} from '../testing/test-hosts';
import { KeepalivedProcess, VRRP_PID_FILE } from './keepalived-process';

// Two instances of one load balancer and a client, as namespaces on a bridge of their own; each instance
// runs a real haproxy that names itself on :8080.
jest.setTimeout(120_000);

const LB = '0b7a1f4e-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
const VIP = '198.51.100.10';
const network = new TestBridge();
const workDir = mkdtempSync(join(tmpdir(), 'lbaas-vrrp-'));
const keepalived = new KeepalivedProcess(new CommandRunner());

interface Instance {
  name: 'A' | 'B';
  namespace: string;
  address: string;
  peer: string;
  priority: number;
  dir: string;
}

function instance(name: 'A' | 'B', address: string, peer: string, priority: number): Instance {
  const dir = join(workDir, name);
  mkdirSync(dir, { recursive: true });
  return { name, namespace: network.addHost(name.toLowerCase(), address), address, peer, priority, dir };
}

const haproxyPidFile = (i: Instance) => namePidFile(i.dir, i.name);
const pidIn = (file: string) => Number(trySh(['cat', file]).trim());

function configOf(i: Instance): string {
  return renderKeepalivedConfig({
    loadBalancerId: LB,
    device: network.deviceOf(i.namespace),
    ownAddress: i.address,
    peerAddress: i.peer,
    priority: i.priority,
    vips: [{ address: VIP, prefixLength: 24 }],
    timers: DEFAULT_VRRP_TIMERS,
    haproxyPidFile: haproxyPidFile(i),
  });
}

let a: Instance;
let b: Instance;
let client: string;

/** Who answers on the VIP (one request, 1 s at most), or '' when nobody does. */
function answerer(): string {
  return trySh(['ip', 'netns', 'exec', client, 'curl', '-s', '-m', '1', `http://${VIP}:8080/`]).trim();
}

beforeAll(() => {
  a = instance('A', '198.51.100.21', '198.51.100.22', 100);
  b = instance('B', '198.51.100.22', '198.51.100.21', 90);
  client = network.addHost('c', '198.51.100.5');
});

afterAll(async () => {
  for (const i of [a, b]) {
    if (!i) continue;
    await keepalived.stop(i.dir).catch(() => undefined);
    signalProcess(pidIn(haproxyPidFile(i)), 'SIGKILL');
  }
  network.teardown();
  rmSync(workDir, { recursive: true, force: true });
});

describe('KeepalivedProcess: two instances of one load balancer', () => {
  it('gives the VIP to one instance; the other takes it when haproxy dies, when its node is lost, and keeps it when the node returns', async () => {
    for (const i of [a, b]) serveName(i.namespace, i.dir, i.name, 8080);
    expect(await keepalived.apply(a.namespace, a.dir, configOf(a))).toBe('started');
    await waitUntil('A to hold the VIP', () => answerer() === 'A');
    expect(await keepalived.apply(b.namespace, b.dir, configOf(b))).toBe('started');
    expect(await keepalived.apply(b.namespace, b.dir, configOf(b))).toBe('unchanged');
    // B started after A became master: it stays backup (nopreempt, and A's adverts keep it so).
    expect(await answersOver(answerer, 30)).toEqual(['A']);
    expect([holdsAddress(a.namespace, VIP), holdsAddress(b.namespace, VIP)]).toEqual([true, false]);

    // haproxy dies on the master: its check fails, A goes to FAULT and gives the VIP up.
    signalProcess(pidIn(haproxyPidFile(a)), 'SIGKILL');
    await waitUntil('B to hold the VIP', () => answerer() === 'B');
    expect([holdsAddress(a.namespace, VIP), holdsAddress(b.namespace, VIP)]).toEqual([false, true]);
    // haproxy back on A: A does not take the VIP back (it has the higher priority: nopreempt holds it).
    serveName(a.namespace, a.dir, a.name, 8080);
    expect(await answersOver(answerer, 30)).toEqual(['B']);

    // B's node is lost at once: keepalived killed, its namespace gone. A takes over.
    signalProcess(pidIn(join(b.dir, VRRP_PID_FILE)), 'SIGKILL');
    signalProcess((await keepalived.pid(b.dir))!, 'SIGKILL');
    signalProcess(pidIn(haproxyPidFile(b)), 'SIGKILL');
    sh(['ip', 'netns', 'delete', b.namespace]);
    await waitUntil('A to hold the VIP again', () => answerer() === 'A');

    // B's node returns with its old files (stale pid files too): it starts as backup, A keeps the VIP.
    expect(readFileSync(join(b.dir, VRRP_PID_FILE), 'utf8')).not.toBe('');
    b = { ...b, namespace: network.addHost('b', b.address) };
    serveName(b.namespace, b.dir, b.name, 8080);
    expect(await keepalived.apply(b.namespace, b.dir, configOf(b))).toBe('started');
    expect(await answersOver(answerer, 30)).toEqual(['A']);
    expect([holdsAddress(a.namespace, VIP), holdsAddress(b.namespace, VIP)]).toEqual([true, false]);

    // A stops cleanly (an instance removed): it tells B at once, B takes the VIP.
    await keepalived.stop(a.dir);
    expect(await keepalived.isRunning(a.dir)).toBe(false);
    await waitUntil('B to hold the VIP after A stopped', () => answerer() === 'B');
    expect(holdsAddress(a.namespace, VIP)).toBe(false);
  });

  it('refuses a config keepalived rejects and keeps the running one', async () => {
    const before = await keepalived.pid(b.dir);
    await expect(keepalived.apply(b.namespace, b.dir, 'vrrp_instance {\n')).rejects.toThrow(/keepalived/);
    expect(await keepalived.pid(b.dir)).toBe(before);
    expect(await keepalived.apply(b.namespace, b.dir, configOf(b))).toBe('unchanged');
  });
});
