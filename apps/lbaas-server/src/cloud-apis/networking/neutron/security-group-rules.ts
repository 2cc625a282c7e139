import type { ListenerOpening } from '../network-driver';

/** A Neutron security group rule as this server reads and writes it (ingress rules only). */
export interface IngressRule {
  ethertype: 'IPv4' | 'IPv6';
  protocol: 'tcp' | 'udp' | 'sctp' | 'vrrp';
  /** null: every port (VRRP has none). */
  port: number | null;
  /** null: from anywhere (or from the group itself, with remoteGroupId). */
  remoteIpPrefix: string | null;
  /** The group's own id: only from its other ports (ACTIVE_STANDBY instances' VRRP adverts). */
  remoteGroupId?: string;
}

/** A rule of Neutron's list (`GET /v2.0/security-group-rules`). */
export interface NeutronRule {
  id: string;
  direction: 'ingress' | 'egress';
  ethertype: string;
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id?: string | null;
}

const TRANSPORT: Record<string, IngressRule['protocol']> = { UDP: 'udp', SCTP: 'sctp' };

/**
 * The ingress rules of a VIP port's security group, as Octavia keeps them: each listener's port open to
 * its allowed_cidrs (of the VIP's IP versions), or to anyone without them. `ipVersions`: those of the
 * port's addresses.
 */
export function wantedIngressRules(
  openings: readonly ListenerOpening[],
  ipVersions: readonly (4 | 6)[],
  vrrpGroupId?: string,
): IngressRule[] {
  const rules = new Map<string, IngressRule>();
  // ACTIVE_STANDBY: the instances' ports share the group, and each takes the other's VRRP adverts.
  if (vrrpGroupId)
    for (const version of ipVersions) {
      const rule: IngressRule = {
        ethertype: ethertypeOf(version),
        protocol: 'vrrp',
        port: null,
        remoteIpPrefix: null,
        remoteGroupId: vrrpGroupId,
      };
      rules.set(ruleKey(rule), rule);
    }
  for (const opening of openings) {
    const protocol = TRANSPORT[opening.protocol] ?? 'tcp';
    const sources: { ethertype: IngressRule['ethertype']; prefix: string | null }[] =
      opening.allowedCidrs.length === 0
        ? ipVersions.map((version) => ({ ethertype: ethertypeOf(version), prefix: null }))
        : opening.allowedCidrs
            .map((cidr) => ({ ethertype: ethertypeOf(cidr.includes(':') ? 6 : 4), prefix: cidr }))
            .filter((source) => ipVersions.some((version) => ethertypeOf(version) === source.ethertype));
    for (const source of sources) {
      const rule: IngressRule = {
        ethertype: source.ethertype,
        protocol,
        port: opening.protocolPort,
        remoteIpPrefix: source.prefix,
      };
      rules.set(ruleKey(rule), rule);
    }
  }
  return [...rules.values()].sort((a, b) => ruleKey(a).localeCompare(ruleKey(b)));
}

/** What turns `existing` into `wanted`: rules to add, and ids of ingress rules to delete (egress stays). */
export function ruleChanges(
  wanted: readonly IngressRule[],
  existing: readonly NeutronRule[],
): { create: IngressRule[]; remove: string[] } {
  const present = new Map<string, string>();
  const remove: string[] = [];
  for (const rule of existing) {
    if (rule.direction !== 'ingress') continue;
    const known = asIngressRule(rule);
    const key = known && ruleKey(known);
    if (!key || present.has(key) || !wanted.some((w) => ruleKey(w) === key)) remove.push(rule.id);
    else present.set(key, rule.id);
  }
  return { create: wanted.filter((rule) => !present.has(ruleKey(rule))), remove };
}

/** Neutron's body for one new rule of group `securityGroupId`, in the group's project. */
export function neutronRuleBody(securityGroupId: string, projectId: string, rule: IngressRule) {
  return {
    security_group_rule: {
      security_group_id: securityGroupId,
      project_id: projectId,
      direction: 'ingress',
      ethertype: rule.ethertype,
      protocol: rule.protocol,
      port_range_min: rule.port,
      port_range_max: rule.port,
      remote_ip_prefix: rule.remoteIpPrefix,
      ...(rule.remoteGroupId ? { remote_group_id: rule.remoteGroupId } : {}),
    },
  };
}

function asIngressRule(rule: NeutronRule): IngressRule | undefined {
  if (rule.ethertype !== 'IPv4' && rule.ethertype !== 'IPv6') return undefined;
  if (rule.protocol === 'vrrp' || rule.protocol === '112')
    return rule.remote_group_id && rule.port_range_min === null && rule.remote_ip_prefix === null
      ? {
          ethertype: rule.ethertype,
          protocol: 'vrrp',
          port: null,
          remoteIpPrefix: null,
          remoteGroupId: rule.remote_group_id,
        }
      : undefined;
  if (rule.remote_group_id) return undefined;
  if (rule.protocol !== 'tcp' && rule.protocol !== 'udp' && rule.protocol !== 'sctp') return undefined;
  if (rule.port_range_min === null || rule.port_range_min !== rule.port_range_max) return undefined;
  return {
    ethertype: rule.ethertype,
    protocol: rule.protocol,
    port: rule.port_range_min,
    remoteIpPrefix: rule.remote_ip_prefix,
  };
}

function ethertypeOf(version: 4 | 6): IngressRule['ethertype'] {
  return version === 6 ? 'IPv6' : 'IPv4';
}

function ruleKey(rule: IngressRule): string {
  const source = rule.remoteGroupId ? `group ${rule.remoteGroupId}` : (rule.remoteIpPrefix ?? 'any');
  return `${rule.ethertype} ${rule.protocol} ${String(rule.port ?? 0).padStart(5, '0')} ${source}`;
}
