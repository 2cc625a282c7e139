import type { BenchSystem } from '../lib/bench-system';
import { progress } from '../lib/host-tools';
import type { UdpResult } from '../lib/results';
import { round, summarize } from '../lib/stats';
import { firstUdpAnswer, udpRateFrom } from '../lib/udp-tools';
import { create, untilActive, WEB_ADDRESSES } from './shared';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LB_PATH = '/v2.0/lbaas/loadbalancers';
const MEMBER_PORT = 5353;
const SOCKETS = 16;

function udpGraphBody(subnetId: string, name: string, members: string[]): Json {
  return {
    loadbalancer: {
      name,
      vip_subnet_id: subnetId,
      listeners: [
        {
          protocol: 'UDP',
          protocol_port: 53,
          default_pool: {
            protocol: 'UDP',
            lb_algorithm: 'ROUND_ROBIN',
            members: members.map((address) => ({ address, protocol_port: MEMBER_PORT })),
          },
        },
      ],
    },
  };
}

/** Create call → first answered datagram through the VIP, in seconds. */
async function timeToServing(bench: BenchSystem, name: string): Promise<number> {
  const deadline = Date.now() + 120_000;
  const t0 = performance.now();
  const lb = (await create(bench.api, LB_PATH, udpGraphBody(bench.subnetId, name, WEB_ADDRESSES)))
    .loadbalancer as Json;
  const servedAt = await firstUdpAnswer(bench.client, lb.vip_address as string, 53, deadline);
  void bench.api.delete(`${LB_PATH}/${lb.id as string}?cascade=true`);
  return (servedAt - t0) / 1000;
}

/**
 * UDP through the kernel's NAT: time from the create call to the first answer, and answered datagrams
 * per second through the VIP (one member) against straight to that member.
 */
export async function udp(bench: BenchSystem, runs: number, seconds: number): Promise<UdpResult> {
  bench.network.serveUdp(bench.webs[0], 'DNS1', MEMBER_PORT);
  bench.network.serveUdp(bench.webs[1], 'DNS2', MEMBER_PORT);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(await timeToServing(bench, `udp-tts-${i}`));
    if ((i + 1) % 10 === 0 || i + 1 === runs)
      progress(`  UDP create: ${i + 1}/${runs} runs, last ${samples[i].toFixed(2)} s to the first answer`);
  }
  const lb = (await create(bench.api, LB_PATH, udpGraphBody(bench.subnetId, 'udp-rate', [WEB_ADDRESSES[0]])))
    .loadbalancer as Json;
  await untilActive(bench.api, lb.id as string, Date.now() + 120_000);
  await firstUdpAnswer(bench.client, lb.vip_address as string, 53, Date.now() + 60_000);
  progress(`  ${seconds} s of UDP through the VIP`);
  const vip = await udpRateFrom(bench.client, lb.vip_address as string, 53, seconds, SOCKETS);
  progress(`  ${seconds} s of UDP straight to the member`);
  const direct = await udpRateFrom(bench.client, WEB_ADDRESSES[0], MEMBER_PORT, seconds, SOCKETS);
  await bench.api.delete(`${LB_PATH}/${lb.id as string}?cascade=true`);
  return {
    runs,
    time_to_serving: summarize(samples),
    samples_s: samples.map((sample) => round(sample)),
    seconds,
    sockets: SOCKETS,
    vip,
    direct,
    ratio: vip.datagrams_per_s / direct.datagrams_per_s,
  };
}
