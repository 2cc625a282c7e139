import {
  type ChildProcess,
  type ChildProcessByStdio,
  execFileSync,
  spawn,
  spawnSync,
} from 'node:child_process';
import type { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Runs a host command for the test (argument array, timeout); failures throw with stderr. */
export function sh(argv: string[], timeoutMs = 30_000): string {
  return execFileSync(argv[0], argv.slice(1), { stdio: 'pipe', timeout: timeoutMs }).toString();
}

function trySh(argv: string[]): void {
  try {
    sh(argv);
  } catch {
    // best effort during cleanup
  }
}

/**
 * A tiny HTTP server answering every request with its name; `/slow` answers after 5 s (to hold a
 * connection) and prints a line when it arrives (so a test knows the connection is held); every request
 * is printed too (method, path, HTTP version, Host, X-Forwarded-For, the X-SSL-* headers, the TLS version
 * it came over), and every answer sets an application cookie `JSESSIONID=<name>`. With `tcpPort`, a raw
 * TCP server there writes its name too, and prints the first bytes a client sends (a PROXY header). With
 * a certificate and key, it speaks HTTPS only.
 */
const SERVER_SOURCE = `
const http = require('node:http');
const https = require('node:https');
const fs = require('node:fs');
const net = require('node:net');
const [name, port, tcpPort, certificatePath, keyPath] = process.argv.slice(1);
const server = certificatePath
  ? (handler) => https.createServer({ cert: fs.readFileSync(certificatePath), key: fs.readFileSync(keyPath) }, handler)
  : (handler) => http.createServer(handler);
server((req, res) => {
  const ssl = Object.fromEntries(Object.entries(req.headers).filter(([header]) => header.startsWith('x-ssl-')));
  const tls = req.socket.encrypted ? req.socket.getProtocol() : null;
  console.log('request ' + JSON.stringify({ method: req.method, url: req.url, version: req.httpVersion, host: req.headers.host ?? null, xff: req.headers['x-forwarded-for'] ?? null, ssl, tls }));
  res.setHeader('Content-Type', 'text/plain');
  res.setHeader('Set-Cookie', 'JSESSIONID=' + name);
  if (req.url === '/slow') {
    console.log('slow request');
    setTimeout(() => res.end(name), 5000);
  } else res.end(name);
}).listen(Number(port), '0.0.0.0');
if (tcpPort && tcpPort !== '-') net.createServer((s) => {
  s.once('data', (d) => console.log('tcp ' + d.subarray(0, 16).toString('hex')));
  s.on('error', () => {});
  s.end(name);
}).listen(Number(tcpPort), '0.0.0.0');
`;

/** A request as a member's test server saw it. */
export interface ReceivedRequest {
  method: string;
  url: string;
  version: string;
  host: string | null;
  /** The X-Forwarded-For header, if any. */
  xff: string | null;
  /** The X-SSL-* headers, by lower-case name. */
  ssl: Record<string, string>;
  /** The TLS version the request came over (a server started with a certificate), else null. */
  tls: string | null;
}

/** What an `openssl s_client` handshake agreed on, or why it failed. */
export interface Handshake {
  protocol?: string;
  cipher?: string;
  /** The last lines openssl printed when no handshake was made. */
  error?: string;
}

/** A probe's request timeout where no request may fail (rather than where an outage is timed). */
export const NO_FAILURE_PROBE_TIMEOUT_MS = 5000;

/** Sends requests one after another for `ms` from inside a host; prints {"ok": n, "failed": n}. */
const LOAD_SOURCE = `
const http = require('node:http');
const [url, ms] = process.argv.slice(1);
const end = Date.now() + Number(ms);
let ok = 0, failed = 0;
const agent = new http.Agent({ keepAlive: false });
function next() {
  if (Date.now() > end) { console.log(JSON.stringify({ ok, failed })); return; }
  const req = http.get(url, { agent, timeout: 5000 }, (res) => {
    res.resume();
    res.on('end', () => { if (res.statusCode === 200) ok++; else failed++; next(); });
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => { failed++; next(); });
}
next();
`;

/**
 * Polls a URL every 100 ms from inside a host until SIGTERM, then prints {"ok", "failed", "outage_s"}:
 * outage_s is the longest time without a successful answer (start and end of the run included).
 */
const PROBE_SOURCE = `
const http = require('node:http');
const [url, timeoutMs] = process.argv.slice(1);
let ok = 0, failed = 0, lastOk = Date.now(), outage = 0;
const agent = new http.Agent({ keepAlive: false });
function note(success) {
  const now = Date.now();
  if (success) { ok++; outage = Math.max(outage, now - lastOk); lastOk = now; } else failed++;
}
function next() {
  const req = http.get(url, { agent, timeout: Number(timeoutMs) }, (res) => {
    res.resume();
    res.on('end', () => { note(res.statusCode === 200); setTimeout(next, 100); });
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => { note(false); setTimeout(next, 100); });
}
process.on('SIGTERM', () => {
  outage = Math.max(outage, Date.now() - lastOk);
  console.log(JSON.stringify({ ok, failed, outage_s: outage / 1000 }));
  process.exit(0);
});
next();
`;

/** A UDP server answering every datagram with its name (a DNS-like service of one member). */
const UDP_SERVER_SOURCE = `
const socket = require('node:dgram').createSocket(process.argv[3].includes(':') ? 'udp6' : 'udp4');
socket.on('message', (message, from) => socket.send(process.argv[1], from.port, from.address));
socket.bind(Number(process.argv[2]), process.argv[3]);
`;

/**
 * Asks a UDP service: each question from a fresh socket (a new source port, so a new flow), one after
 * another, each waiting up to 2 s for its answer; for count questions, or (count 0) until SIGTERM, after
 * the question in flight. With a source port, every question comes from it: one flow throughout. Prints
 * {"answers": {name: n}, "lost": n}.
 */
const UDP_CLIENT_SOURCE = `
const dgram = require('node:dgram');
const [address, port, count, sourcePort] = process.argv.slice(1);
const answers = {};
let lost = 0, asked = 0, stopping = false;
process.on('SIGTERM', () => (stopping = true));
function next() {
  if (Number(count) > 0 ? asked >= Number(count) : stopping) {
    console.log(JSON.stringify({ answers, lost }));
    process.exit(0);
  }
  asked++;
  const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
  const timer = setTimeout(() => { lost++; socket.close(); next(); }, 2000);
  socket.on('message', (message) => {
    clearTimeout(timer);
    const name = message.toString();
    answers[name] = (answers[name] ?? 0) + 1;
    socket.close();
    next();
  });
  socket.on('error', () => { clearTimeout(timer); lost++; socket.close(); next(); });
  const send = () => socket.send('question', Number(port), address);
  if (sourcePort) socket.bind(Number(sourcePort), send);
  else send();
}
next();
`;

export interface UdpAnswers {
  /** How many answers each member (by name) gave. */
  answers: Record<string, number>;
  lost: number;
}

export interface ProbeResult {
  ok: number;
  failed: number;
  /** Longest time without a successful answer, in seconds. */
  outage_s: number;
}

export interface TestHost {
  namespace: string;
  device: string;
  address: string;
}

/**
 * Hosts (network namespaces) on one tenant network of the test: plugged into br-int with the network's
 * VLAN tag, or into the network's Linux bridge. Only addresses of 198.51.100.0/24 and 203.0.113.0/24 are
 * used, inside these namespaces. `teardown()` removes every namespace, port, bridge and process it made.
 */
export class TestNetwork {
  private readonly hosts: TestHost[] = [];
  private readonly servers = new Map<string, ChildProcess>();
  private readonly slowRequests = new Map<string, number>();
  private readonly requests = new Map<string, ReceivedRequest[]>();
  private readonly tcpData = new Map<string, string[]>();
  private readonly bridges: string[] = [];
  private readonly probes = new Set<ChildProcess>();

  constructor(
    private readonly attachment:
      { kind: 'ovs'; vlanTag: number } | { kind: 'linuxbridge'; bridge: string } | { kind: 'neutron' },
  ) {}

  addHost(address: string, prefixLength = 24): TestHost {
    const host = this.newHost(address);
    const { namespace, device } = host;
    if (this.attachment.kind === 'neutron')
      throw new Error('a Neutron network plugs hosts with addNeutronHost');
    if (this.attachment.kind === 'ovs') {
      sh([
        'ovs-vsctl',
        '--timeout=10',
        '--may-exist',
        'add-port',
        'br-int',
        device,
        `tag=${this.attachment.vlanTag}`,
        '--',
        'set',
        'Interface',
        device,
        'type=internal',
      ]);
      sh(['ip', 'link', 'set', device, 'netns', namespace]);
    } else {
      const bridge = this.attachment.bridge;
      if (!existsSync(`/sys/class/net/${bridge}`)) {
        sh(['ip', 'link', 'add', bridge, 'type', 'bridge']);
        this.bridges.push(bridge);
      }
      sh(['ip', 'link', 'set', bridge, 'up']);
      const peer = `${device.slice(0, 13)}p`;
      sh(['ip', 'link', 'add', device, 'type', 'veth', 'peer', 'name', peer]);
      sh(['ip', 'link', 'set', peer, 'master', bridge]);
      sh(['ip', 'link', 'set', peer, 'up']);
      sh(['ip', 'link', 'set', device, 'netns', namespace]);
    }
    return this.addressed(host, prefixLength);
  }

  /**
   * A host plugged as Nova plugs a VM into a Neutron port (a TestNetwork of kind 'neutron'): an internal
   * port on the integration bridge of the port's host with its iface-id and MAC, which Neutron's OVS
   * agent there finds and tags.
   */
  addNeutronHost(
    address: string,
    plug: { bridge: string; portId: string; macAddress: string },
    prefixLength = 24,
  ): TestHost {
    const host = this.newHost(address);
    sh([
      'ovs-vsctl',
      '--timeout=10',
      '--may-exist',
      'add-port',
      plug.bridge,
      host.device,
      '--',
      'set',
      'Interface',
      host.device,
      'type=internal',
      `external-ids:iface-id=${plug.portId}`,
      `external-ids:attached-mac=${plug.macAddress}`,
      'external-ids:iface-status=active',
    ]);
    sh(['ip', 'link', 'set', host.device, 'netns', host.namespace]);
    sh(['ip', '-n', host.namespace, 'link', 'set', host.device, 'address', plug.macAddress]);
    return this.addressed(host, prefixLength);
  }

  private newHost(address: string): TestHost {
    // Random, not pid and counter: suites run in one process, each with its own module registry (and counter).
    const suffix = randomBytes(4).toString('hex');
    const host = { namespace: `lbtest-${suffix}`, device: `lbt${suffix}`.slice(0, 15), address };
    sh(['ip', 'netns', 'add', host.namespace]);
    this.hosts.push(host);
    sh(['ip', '-n', host.namespace, 'link', 'set', 'lo', 'up']);
    return host;
  }

  private addressed(host: TestHost, prefixLength: number): TestHost {
    sh(['ip', '-n', host.namespace, 'link', 'set', host.device, 'up']);
    sh(['ip', '-n', host.namespace, 'addr', 'add', `${host.address}/${prefixLength}`, 'dev', host.device]);
    return host;
  }

  /**
   * Starts the name-answering server in a host (killed by teardown); with `tls` (certificate and key
   * files) it speaks HTTPS only.
   */
  serve(
    host: TestHost,
    name: string,
    port = 80,
    tcpPort?: number,
    tls?: { certificatePath: string; privateKeyPath: string },
  ): void {
    const child = this.nodeIn(host, SERVER_SOURCE, [
      name,
      String(port),
      tcpPort ? String(tcpPort) : '-',
      ...(tls ? [tls.certificatePath, tls.privateKeyPath] : []),
    ]);
    const key = `${host.namespace}:${port}`;
    this.slowRequests.set(key, 0);
    this.requests.set(key, []);
    this.tcpData.set(key, []);
    // Whole lines only: a chunk may end inside one.
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line === 'slow request') this.slowRequests.set(key, (this.slowRequests.get(key) ?? 0) + 1);
      if (line.startsWith('request '))
        this.requests.get(key)?.push(JSON.parse(line.slice(8)) as ReceivedRequest);
      if (line.startsWith('tcp ')) this.tcpData.get(key)?.push(line.slice(4));
    });
    this.servers.set(key, child);
  }

  /** Every request the server on `host:port` has received so far (health checks too). */
  requestsReceived(host: TestHost, port = 80): ReceivedRequest[] {
    return this.requests.get(`${host.namespace}:${port}`) ?? [];
  }

  /** The first bytes (hex) of each connection to the TCP side of the server started on `host:port`. */
  tcpDataReceived(host: TestHost, port = 80): string[] {
    return this.tcpData.get(`${host.namespace}:${port}`) ?? [];
  }

  /** How many `/slow` requests the server on `host:port` has received so far. */
  slowRequestsReceived(host: TestHost, port = 80): number {
    return this.slowRequests.get(`${host.namespace}:${port}`) ?? 0;
  }

  /** Runs a steady stream of requests from `from` for `ms` while the caller does other things. */
  load(from: TestHost, url: string, ms: number): Promise<{ ok: number; failed: number }> {
    return this.runScript<{ ok: number; failed: number }>(from, LOAD_SOURCE, [url, String(ms)]).result;
  }

  /**
   * Starts polling `url` from `from` in the background; `stop()` ends it and tells how it went. A request
   * unanswered after `timeoutMs` fails: short to time an outage closely, longer where any failure counts
   * (a busy machine can stall one answer for a second without anything being wrong).
   */
  probe(from: TestHost, url: string, timeoutMs = 1000): { stop: () => Promise<ProbeResult> } {
    return this.stoppable(this.runScript<ProbeResult>(from, PROBE_SOURCE, [url, String(timeoutMs)]));
  }

  /**
   * Runs a node script inside a host (killed by teardown while it runs); `result` is the JSON it prints.
   * ip netns exec execs node, so the child's pid (and a signal to it) is the script's own.
   */
  private runScript<T>(
    from: TestHost,
    source: string,
    args: string[],
  ): { child: ChildProcess; result: Promise<T> } {
    const child = this.nodeIn(from, source, args, 'inherit');
    this.probes.add(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // 'close', not 'exit': stdout may still hold the last chunk when the process has exited.
    const result = new Promise<T>((resolve, reject) => {
      child.on('close', () => {
        this.probes.delete(child);
        try {
          resolve(JSON.parse(output) as T);
        } catch {
          reject(new Error(`the script in ${from.namespace} printed ${JSON.stringify(output)}`));
        }
      });
    });
    return { child, result };
  }

  /** A running script that prints its result when asked to stop (SIGTERM). */
  private stoppable<T>(run: { child: ChildProcess; result: Promise<T> }): { stop: () => Promise<T> } {
    return {
      stop: () => {
        run.child.kill('SIGTERM');
        return run.result;
      },
    };
  }

  /** curl with extra arguments (headers, cookie jar…); the body or `ERROR …`. */
  curl(from: TestHost, args: string[]): string {
    try {
      return sh(
        ['ip', 'netns', 'exec', from.namespace, 'curl', '-s', '-S', '-m', '5', '--noproxy', '*', ...args],
        15_000,
      );
    } catch (error) {
      return `ERROR ${(error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error)}`;
    }
  }

  /**
   * A TLS handshake from `from` with `openssl s_client` and extra options (-tls1_2, -cipher, -cert…): the
   * protocol and cipher agreed on, or the error.
   */
  tlsHandshake(from: TestHost, address: string, port: number, options: string[] = []): Handshake {
    // -brief prints what was agreed on stderr; stdin closed at once ends the session after the handshake.
    const run = spawnSync(
      'ip',
      [
        'netns',
        'exec',
        from.namespace,
        'openssl',
        's_client',
        '-connect',
        `${address}:${port}`,
        '-brief',
        ...options,
      ],
      { input: '', timeout: 15_000 },
    );
    const output = `${run.stdout?.toString() ?? ''}${run.stderr?.toString() ?? ''}`;
    const protocol = /^Protocol version: (\S+)/m.exec(output)?.[1];
    if (run.status !== 0 || !protocol)
      return { error: output.trim().split('\n').slice(-3).join(' | ') || `exit ${run.status}` };
    return { protocol, cipher: /^Ciphersuite: (\S+)/m.exec(output)?.[1] };
  }

  /** Connects to a raw TCP service from `from` and returns what it wrote. */
  tcpRead(from: TestHost, address: string, port: number): string {
    const source = `const s = require('node:net').connect(${port}, '${address}'); let d = ''; s.on('data', (c) => (d += c)); s.on('end', () => process.stdout.write(d)); s.on('error', (e) => process.stdout.write('ERROR ' + e.message)); s.setTimeout(5000, () => s.destroy(new Error('timeout')));`;
    return sh(['ip', 'netns', 'exec', from.namespace, process.execPath, '-e', source], 15_000);
  }

  /** A request that runs in the background (e.g. a slow one holding a connection); resolves with its body. */
  getLater(from: TestHost, url: string): Promise<string> {
    return new Promise((resolve) => {
      const child = spawn(
        'ip',
        ['netns', 'exec', from.namespace, 'curl', '-s', '-m', '20', '--noproxy', '*', url],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      );
      let body = '';
      child.stdout.on('data', (chunk: Buffer) => (body += chunk.toString()));
      child.on('close', () => resolve(body));
    });
  }

  /** Starts a UDP server in a host answering every datagram with `name` (killed by teardown). */
  serveUdp(host: TestHost, name: string, port: number): void {
    const child = this.nodeIn(host, UDP_SERVER_SOURCE, [name, String(port), host.address]);
    this.servers.set(`${host.namespace}:udp:${port}`, child);
  }

  /**
   * A node script run inside a host; its output is piped, its errors `stderr`. ip netns exec execs node,
   * so the child's pid (and a signal to it) is the script's own.
   */
  private nodeIn(
    host: TestHost,
    source: string,
    args: string[],
    stderr: 'ignore' | 'inherit' = 'ignore',
  ): ChildProcessByStdio<null, Readable, null> {
    return spawn('ip', ['netns', 'exec', host.namespace, process.execPath, '-e', source, ...args], {
      stdio: ['ignore', 'pipe', stderr],
    });
  }

  stopUdpServer(host: TestHost, port: number): void {
    const key = `${host.namespace}:udp:${port}`;
    this.servers.get(key)?.kill('SIGKILL');
    this.servers.delete(key);
  }

  /**
   * `count` UDP questions from `from`, each a new flow (or all from `sourcePort`: one flow); who answered,
   * and how many got no answer.
   */
  udpAsk(
    from: TestHost,
    address: string,
    port: number,
    count: number,
    sourcePort?: number,
  ): Promise<UdpAnswers> {
    const args = [address, String(port), String(count), ...(sourcePort ? [String(sourcePort)] : [])];
    return this.runScript<UdpAnswers>(from, UDP_CLIENT_SOURCE, args).result;
  }

  /** UDP questions one after another until `stop()` (a steady loop while the caller changes things). */
  udpLoop(from: TestHost, address: string, port: number): { stop: () => Promise<UdpAnswers> } {
    return this.stoppable(this.runScript<UdpAnswers>(from, UDP_CLIENT_SOURCE, [address, String(port), '0']));
  }

  stopServer(host: TestHost, port = 80): void {
    const key = `${host.namespace}:${port}`;
    this.servers.get(key)?.kill('SIGKILL');
    this.servers.delete(key);
  }

  /** An HTTP GET from a host; the body, or `ERROR <reason>` when the request failed. */
  get(from: TestHost, url: string): string {
    try {
      return sh(
        ['ip', 'netns', 'exec', from.namespace, 'curl', '-s', '-S', '-m', '5', '--noproxy', '*', url],
        15_000,
      );
    } catch (error) {
      return `ERROR ${(error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error)}`;
    }
  }

  teardown(): void {
    for (const child of [...this.servers.values(), ...this.probes]) child.kill('SIGKILL');
    this.servers.clear();
    this.probes.clear();
    for (const host of this.hosts) {
      // Without a bridge name: from whichever bridge the port is on (br-int, or a Neutron host's).
      trySh(['ovs-vsctl', '--timeout=10', '--if-exists', 'del-port', host.device]);
      trySh(['ip', 'netns', 'delete', host.namespace]);
    }
    this.hosts.length = 0;
    for (const bridge of this.bridges) trySh(['ip', 'link', 'delete', bridge]);
  }
}

/**
 * A node lost at once: its agent process, haproxy processes, namespaces and ports all gone (its disk,
 * state_path, survives). The agent is frozen first, so that neither it nor the server's failover (which
 * notices a dead agent process within seconds) acts while its node's state is being removed.
 */
export function loseNode(agent: ChildProcess, statePath: string, host: string): void {
  agent.kill('SIGSTOP');
  cleanupAgentState(statePath, host);
  agent.kill('SIGKILL');
}

/**
 * Safety net after an agent test: whatever an agent built and did not remove (because a test failed
 * half-way) is removed here: haproxy processes, ports and namespaces recorded under its state_path and,
 * given its host, every br-int port it marked (one whose record went with a failed build, or that a
 * deleted namespace handed back to the root namespace).
 */
export function cleanupAgentState(statePath: string, host?: string): void {
  if (host) {
    let marked: string[] = [];
    try {
      marked = sh([
        'ovs-vsctl',
        '--timeout=10',
        '--bare',
        '--columns=name',
        'find',
        'Interface',
        `external_ids:lbaas-agent=${host}`,
      ])
        .split('\n')
        .map((name) => name.trim())
        .filter((name) => name.startsWith('tap'));
    } catch {
      // no OVS: nothing of it to remove
    }
    for (const port of marked) trySh(['ovs-vsctl', '--timeout=10', '--if-exists', 'del-port', port]);
  }
  const root = join(statePath, 'lbaas', 'v2');
  const ids = existsSync(root) ? readdirSync(root) : [];
  // Every process first, without one spawned: hundreds of haproxy serving on would slow every command
  // below (and, before logs went through pipes, each one retried its agent's log socket without pause).
  for (const id of ids) {
    const dir = join(root, id);
    // keepalived (ACTIVE_STANDBY instances) first: killed before haproxy, it cannot hand the VIP over.
    for (const pidFile of ['keepalived.pid', 'keepalived-vrrp.pid', 'haproxy.pid'])
      killRecorded(dir, pidFile);
  }
  for (const id of ids) {
    const dir = join(root, id);
    let namespace = `qlbaas-${id}`;
    try {
      const record = JSON.parse(readFileSync(join(dir, 'port.json'), 'utf8')) as {
        port_id: string;
        namespace?: string;
      };
      namespace = record.namespace ?? namespace;
      const portId = record.port_id;
      trySh(['ovs-vsctl', '--timeout=10', '--if-exists', 'del-port', 'br-int', `tap${portId.slice(0, 11)}`]);
      trySh(['ip', 'link', 'delete', `tap${portId.slice(0, 11)}`]);
    } catch {
      // no port record
    }
    trySh(['ip', 'netns', 'delete', namespace]);
  }
}

/** SIGKILL to the processes a pid file in `dir` names, if they still run from that folder's files. */
function killRecorded(dir: string, pidFile: string): void {
  let pids: string[];
  try {
    pids = readFileSync(join(dir, pidFile), 'utf8').split(/\s+/).filter(Boolean);
  } catch {
    return; // no pid file
  }
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone
    }
  }
}
