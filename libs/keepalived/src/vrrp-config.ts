import ipaddr from 'ipaddr.js';

/**
 * What one ACTIVE_STANDBY instance's keepalived needs to know. Every field is checked before it reaches
 * the file: keepalived reads words and quoted strings, so nothing free-form may get in.
 */
export interface VrrpSettings {
  /** The load balancer (a UUID): names the VRRP instance in logs. */
  loadBalancerId: string;
  /** The device in the namespace that carries this instance's port and, on the master, the VIP. */
  device: string;
  /** This instance's own address on the VIP network (Octavia's `vrrp_ip`): VRRP adverts go from it. */
  ownAddress: string;
  /** The other instance's `vrrp_ip`: adverts are unicast to it (no multicast needed on the network). */
  peerAddress: string;
  /** 1-254; the higher one becomes master when both start (after that, `nopreempt` keeps whoever holds it). */
  priority: number;
  /** The VIP first (its family is the VRRP family), then any additional VIPs, with their prefix lengths. */
  vips: { address: string; prefixLength: number }[];
  timers: VrrpTimers;
  /** haproxy's pid file: while no process of it runs, the instance is in FAULT and gives the VIP up. */
  haproxyPidFile?: string;
}

export interface VrrpTimers {
  /** Seconds between adverts (VRRPv3 counts centiseconds): the backup takes over after ~3 of them. */
  advertIntervalS: number;
  /** Whole seconds between haproxy checks (keepalived's unit), and how many failures put it in FAULT. */
  checkIntervalS: number;
  checkFall: number;
}

/**
 * Defaults measured on a busy 2-core machine (bench/README.md): adverts every 0.2 s take over in ~0.7 s and
 * never flapped while the CPU was saturated; the haproxy check needs two misses, so a reload (which
 * rewrites the pid file) never counts as a failure.
 */
export const DEFAULT_VRRP_TIMERS: VrrpTimers = { advertIntervalS: 0.2, checkIntervalS: 1, checkFall: 2 };

/** The VRRP router id: each load balancer has its own namespace and unicast peers, so one id serves all. */
export const VIRTUAL_ROUTER_ID = 1;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DEVICE = /^[A-Za-z0-9_.-]{1,15}$/;
const SAFE_PATH = /^\/[A-Za-z0-9_./-]+$/;

/** keepalived.conf of one instance. Throws on a setting that is out of range or not what it claims. */
export function renderKeepalivedConfig(settings: VrrpSettings): string {
  const s = checkedSettings(settings);
  const [primary, ...additional] = s.vips;
  const vip = (v: { address: string; prefixLength: number }) =>
    `${v.address}/${v.prefixLength} dev ${s.device}`;
  const lines = [
    `# keepalived of load balancer ${s.loadBalancerId}, written by lbaas-agent: edits are overwritten.`,
    'global_defs {',
    `    router_id lbaas-${s.loadBalancerId.slice(0, 8)}`,
    '    vrrp_version 3',
    // The check runs pgrep: it needs no other user, and no shell is involved.
    '    script_user root',
    '    enable_script_security',
    '}',
    '',
  ];
  if (s.haproxyPidFile)
    lines.push(
      'vrrp_script haproxy_alive {',
      `    script "/usr/bin/pgrep -F ${s.haproxyPidFile} haproxy"`,
      `    interval ${s.timers.checkIntervalS}`,
      `    fall ${s.timers.checkFall}`,
      '    rise 1',
      `    timeout ${s.timers.checkIntervalS}`,
      '}',
      '',
    );
  lines.push(
    'vrrp_instance lbaas {',
    // Both start as BACKUP: `nopreempt` needs it, and a returning instance never takes the VIP back.
    '    state BACKUP',
    '    nopreempt',
    `    interface ${s.device}`,
    `    virtual_router_id ${VIRTUAL_ROUTER_ID}`,
    `    priority ${s.priority}`,
    `    advert_int ${s.timers.advertIntervalS}`,
    `    unicast_src_ip ${s.ownAddress}`,
    '    unicast_peer {',
    `        ${s.peerAddress}`,
    '    }',
    '    virtual_ipaddress {',
    `        ${vip(primary)}`,
    '    }',
  );
  if (additional.length > 0)
    lines.push('    virtual_ipaddress_excluded {', ...additional.map((v) => `        ${vip(v)}`), '    }');
  // Neighbours learn the new master at once, and once more a second later in case one was missed.
  lines.push('    garp_master_delay 1', '    garp_master_repeat 2');
  if (s.haproxyPidFile) lines.push('    track_script {', '        haproxy_alive', '    }');
  lines.push('}', '');
  return lines.join('\n');
}

function checkedSettings(settings: VrrpSettings): VrrpSettings {
  const problems: string[] = [];
  if (!UUID.test(settings.loadBalancerId)) problems.push('loadBalancerId must be a UUID');
  if (!DEVICE.test(settings.device)) problems.push('device must be an interface name');
  const family = (address: string, field: string) => {
    if (!ipaddr.isValid(address)) {
      problems.push(`${field} must be an IP address`);
      return undefined;
    }
    return ipaddr.parse(address).kind();
  };
  const own = family(settings.ownAddress, 'ownAddress');
  const peer = family(settings.peerAddress, 'peerAddress');
  if (settings.vips.length === 0) problems.push('vips must name the VIP');
  const vipFamilies = settings.vips.map((v, i) => {
    const kind = family(v.address, `vips[${i}].address`);
    const max = kind === 'ipv6' ? 128 : 32;
    if (!Number.isInteger(v.prefixLength) || v.prefixLength < 1 || v.prefixLength > max)
      problems.push(`vips[${i}].prefixLength must be an integer from 1 to ${max}`);
    return kind;
  });
  if (own && peer && own !== peer) problems.push('ownAddress and peerAddress must be of one IP family');
  if (own && vipFamilies[0] && own !== vipFamilies[0])
    problems.push("the VIP (vips[0]) must be of the VRRP addresses' family");
  if (!Number.isInteger(settings.priority) || settings.priority < 1 || settings.priority > 254)
    problems.push('priority must be an integer from 1 to 254');
  const { advertIntervalS, checkIntervalS, checkFall } = settings.timers;
  // VRRPv3 carries the interval in centiseconds, up to 40.95 s.
  const centiseconds = advertIntervalS * 100;
  if (
    !(centiseconds >= 1 && centiseconds <= 4095) ||
    Math.abs(centiseconds - Math.round(centiseconds)) > 1e-9
  )
    problems.push('timers.advertIntervalS must be a multiple of 0.01 from 0.01 to 40.95');
  if (!Number.isInteger(checkIntervalS) || checkIntervalS < 1 || checkIntervalS > 60)
    problems.push('timers.checkIntervalS must be an integer from 1 to 60');
  if (!Number.isInteger(checkFall) || checkFall < 1 || checkFall > 10)
    problems.push('timers.checkFall must be an integer from 1 to 10');
  if (settings.haproxyPidFile !== undefined && !SAFE_PATH.test(settings.haproxyPidFile))
    problems.push('haproxyPidFile must be an absolute path of letters, digits and _ . / -');
  if (problems.length > 0) throw new Error(`keepalived settings: ${problems.join('; ')}`);
  return {
    ...settings,
    ownAddress: normal(settings.ownAddress),
    peerAddress: normal(settings.peerAddress),
    vips: settings.vips.map((v) => ({ ...v, address: normal(v.address) })),
  };
}

const normal = (address: string) => ipaddr.parse(address).toString();
