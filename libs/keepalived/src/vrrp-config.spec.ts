import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_VRRP_TIMERS, renderKeepalivedConfig, type VrrpSettings } from './vrrp-config';

const GOLDEN_DIR = join(__dirname, '__golden__');
const workDir = mkdtempSync(join(tmpdir(), 'lbaas-keepalived-render-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const LB = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';
const master: VrrpSettings = {
  loadBalancerId: LB,
  device: 'tap6f1d2c3b-4a',
  ownAddress: '198.51.100.21',
  peerAddress: '198.51.100.22',
  priority: 100,
  vips: [{ address: '198.51.100.10', prefixLength: 24 }],
  timers: DEFAULT_VRRP_TIMERS,
  haproxyPidFile: `/var/lib/lbaas/agent/${LB}/haproxy.pid`,
};

const FEATURES: Record<string, VrrpSettings> = {
  'ipv4-with-haproxy-check': master,
  'ipv6-additional-vip-no-haproxy': {
    ...master,
    ownAddress: '2001:db8::21',
    peerAddress: '2001:0db8:0000::22',
    priority: 90,
    vips: [
      { address: '2001:db8::10', prefixLength: 64 },
      { address: '198.51.100.10', prefixLength: 24 },
    ],
    timers: { advertIntervalS: 1, checkIntervalS: 2, checkFall: 3 },
    haproxyPidFile: undefined,
  },
};

/** What keepalived's own config check says about a file (in a namespace that has the device). */
function keepalivedCheck(config: string): string {
  const file = join(workDir, 'keepalived.conf');
  writeFileSync(file, config);
  // A veth: this kernel has no dummy devices.
  const steps = `ip link add ${master.device} type veth peer name peer0 && keepalived -t -f ${file} 2>&1; echo "exit $?"`;
  return execFileSync('unshare', ['-n', 'sh', '-c', steps], { encoding: 'utf8', timeout: 10_000 });
}

describe('renderKeepalivedConfig', () => {
  it.each(Object.keys(FEATURES))('renders %s as its golden file, and keepalived accepts it', (name) => {
    const config = renderKeepalivedConfig(FEATURES[name]);
    const golden = join(GOLDEN_DIR, `${name}.conf`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, config);
    expect(config).toBe(readFileSync(golden, 'utf8'));
    expect(keepalivedCheck(config)).toMatch(/exit 0\n$/);
  });

  it('names every setting it refuses, and why', () => {
    expect(() =>
      renderKeepalivedConfig({
        ...master,
        loadBalancerId: 'x; rm -rf /',
        device: 'tap "0"',
        ownAddress: '198.51.100.300',
        peerAddress: '2001:db8::22',
        priority: 255,
        vips: [{ address: '2001:db8::10', prefixLength: 129 }],
        timers: { advertIntervalS: 0.015, checkIntervalS: 0, checkFall: 0 },
        haproxyPidFile: '/tmp/a b',
      }),
    ).toThrow(
      'keepalived settings: loadBalancerId must be a UUID; device must be an interface name; ' +
        'ownAddress must be an IP address; vips[0].prefixLength must be an integer from 1 to 128; ' +
        'priority must be an integer from 1 to 254; ' +
        'timers.advertIntervalS must be a multiple of 0.01 from 0.01 to 40.95; ' +
        'timers.checkIntervalS must be an integer from 1 to 60; timers.checkFall must be an integer from 1 to 10; ' +
        'haproxyPidFile must be an absolute path of letters, digits and _ . / -',
    );
    expect(() => renderKeepalivedConfig({ ...master, peerAddress: '2001:db8::22' })).toThrow(
      'ownAddress and peerAddress must be of one IP family',
    );
    expect(() =>
      renderKeepalivedConfig({ ...master, vips: [{ address: '2001:db8::10', prefixLength: 64 }] }),
    ).toThrow("the VIP (vips[0]) must be of the VRRP addresses' family");
    expect(() => renderKeepalivedConfig({ ...master, vips: [] })).toThrow('vips must name the VIP');
  });
});
