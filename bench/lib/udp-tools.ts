import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { TestHost } from '../../test/support/test-network';

/**
 * Sends a question every 20 ms, each from a new socket (a new flow: one sent before the VIP served is
 * pinned by conntrack to the namespace itself), until one is answered; prints "answered".
 */
const FIRST_ANSWER_SOURCE = `
const dgram = require('node:dgram');
const [address, port] = process.argv.slice(1);
const family = address.includes(':') ? 'udp6' : 'udp4';
setInterval(() => {
  const socket = dgram.createSocket(family);
  socket.on('message', () => { console.log('answered'); process.exit(0); });
  socket.on('error', () => socket.close());
  socket.send('question', Number(port), address);
  setTimeout(() => { try { socket.close(); } catch {} }, 1000).unref();
}, 20);
`;

/**
 * A closed loop of \`sockets\` clients (each one flow) for \`seconds\`: every answer sends the next question;
 * a question unanswered after 1 s is counted lost and sent again. Prints {"answers": n, "lost": n}.
 */
const RATE_SOURCE = `
const dgram = require('node:dgram');
const [address, port, sockets, seconds] = process.argv.slice(1);
const family = address.includes(':') ? 'udp6' : 'udp4';
const end = Date.now() + Number(seconds) * 1000;
let answers = 0, lost = 0, open = Number(sockets);
for (let i = 0; i < Number(sockets); i++) {
  const socket = dgram.createSocket(family);
  let timer;
  const ask = () => {
    if (Date.now() > end) {
      socket.close();
      if (--open === 0) console.log(JSON.stringify({ answers, lost }));
      return;
    }
    timer = setTimeout(() => { lost++; ask(); }, 1000);
    socket.send('question', Number(port), address);
  };
  socket.on('message', () => { clearTimeout(timer); answers++; ask(); });
  ask();
}
`;

function nodeIn(host: TestHost, source: string, args: string[]) {
  return spawn('ip', ['netns', 'exec', host.namespace, process.execPath, '-e', source, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** The time (performance.now(), ms) the first datagram sent to `address:port` from `host` is answered. */
export function firstUdpAnswer(
  host: TestHost,
  address: string,
  port: number,
  deadlineMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = nodeIn(host, FIRST_ANSWER_SOURCE, [address, String(port)]);
    const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(0, deadlineMs - Date.now()));
    const lines = createInterface({ input: child.stdout });
    lines.once('line', () => resolve(performance.now()));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`${address}:${port} never answered over UDP`));
    });
  });
}

/** Answered datagrams per second from `host` to `address:port` with `sockets` clients in a closed loop. */
export function udpRateFrom(
  host: TestHost,
  address: string,
  port: number,
  seconds: number,
  sockets: number,
): Promise<{ answers: number; lost: number; datagrams_per_s: number }> {
  return new Promise((resolve, reject) => {
    const child = nodeIn(host, RATE_SOURCE, [address, String(port), String(sockets), String(seconds)]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', () => {
      try {
        const { answers, lost } = JSON.parse(output) as { answers: number; lost: number };
        resolve({ answers, lost, datagrams_per_s: answers / seconds });
      } catch {
        reject(new Error(`the UDP load from ${host.namespace} printed ${JSON.stringify(output)}`));
      }
    });
  });
}
