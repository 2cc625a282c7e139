import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../../../platform/auth/caller';
import { ApiError, type ApiErrorKind } from '../../../platform/api-errors/api-error';
import {
  type InstancePortOwner,
  NetworkDriver,
  type ListenerOpening,
  type VipPortUse,
} from '../network-driver';
import { NetworkEntity } from '../network.entity';
import { PortEntity } from '../port.entity';
import { SubnetEntity } from '../subnet.entity';
import {
  checkAdditionalSubnet,
  lentPortAddress,
  LOAD_BALANCER_OWNER,
  type VipPlacement,
} from '../vip-allocator.service';
import { NeutronClient, NeutronRequestError, NeutronUnavailableError } from './neutron-client';
import {
  type NeutronNetwork,
  type NeutronPort,
  type NeutronSecurityGroup,
  type NeutronSubnet,
  instancePortName,
  isInstancePortName,
  ownedPortName,
  securityGroupName,
} from './neutron-objects';
import { neutronRuleBody, type NeutronRule, ruleChanges, wantedIngressRules } from './security-group-rules';

/**
 * network_driver = neutron: networks, subnets and VIP ports are Neutron's. A VIP port is made in Neutron
 * (neutron-lbaas' device_owner, the load balancer's id as device_id) with a security group `lb-<id>` that
 * opens the listeners' ports, bound to the hosting agent's host before each deployment (so Neutron's OVS
 * agent there wires it), and deleted with the load balancer. The objects a load balancer uses are copied
 * into the networking tables, so the graph sent to agents is read as with the builtin driver.
 */
@Injectable()
export class NeutronNetworkDriver extends NetworkDriver {
  readonly name = 'neutron';
  private readonly logger = new Logger(NeutronNetworkDriver.name);

  constructor(
    private readonly neutron: NeutronClient,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  async acquireVip(
    manager: EntityManager,
    caller: Caller,
    projectId: string,
    placement: VipPlacement,
    vipPortId: string | undefined,
    loadBalancerId: string,
  ): Promise<{ port: PortEntity; subnet: SubnetEntity }> {
    return asApiError(async () => {
      const port = vipPortId
        ? await this.takePort(caller, vipPortId, placement, loadBalancerId)
        : await this.createPort(caller, projectId, placement, loadBalancerId);
      try {
        return await this.copyVipPort(manager, port, placement);
      } catch (error) {
        // Not left behind half-made: the port goes back now, not at the next orphan sweep.
        await this.afterRelease({
          id: loadBalancerId,
          projectId,
          vipPortId: port.id,
          vipPortOwned: !vipPortId,
        });
        throw error;
      }
    }, 'vip_subnet_id');
  }

  /** The port, its network and subnets as rows of the networking tables (the graph is read from them). */
  private async copyVipPort(
    manager: EntityManager,
    port: NeutronPort,
    placement: VipPlacement,
  ): Promise<{ port: PortEntity; subnet: SubnetEntity }> {
    const primary = port.fixed_ips.find((ip) => ip.subnet_id === placement.subnetId) ?? port.fixed_ips[0];
    const { network } = await this.neutron.get<{ network: NeutronNetwork }>(`/networks/${port.network_id}`);
    await copyNetwork(manager, network);
    let vipSubnet: SubnetEntity | undefined;
    for (const ip of port.fixed_ips) {
      const { subnet } = await this.neutron.get<{ subnet: NeutronSubnet }>(`/subnets/${ip.subnet_id}`);
      const copy = await copySubnet(manager, subnet);
      if (ip.subnet_id === primary.subnet_id) vipSubnet = copy;
    }
    return { port: await copyPort(manager, port), subnet: vipSubnet! };
  }

  async checkMemberSubnet(caller: Caller, subnetId: string): Promise<void> {
    await asApiError(async () => {
      const subnet = await this.visibleSubnet(caller, subnetId);
      const { network } = await this.neutron.get<{ network: NeutronNetwork }>(
        `/networks/${subnet.network_id}`,
      );
      // Members refer to the subnet's row: a copy of Neutron's.
      await this.dataSource.transaction(async (manager) => {
        await copyNetwork(manager, network);
        await copySubnet(manager, subnet);
      });
    }, 'subnet_id');
  }

  async createInstancePort(
    manager: EntityManager,
    _caller: Caller,
    lb: InstancePortOwner,
    instanceId: string,
  ): Promise<PortEntity> {
    return asApiError(async () => {
      const subnet = await manager.findOneByOrFail(SubnetEntity, { id: lb.vipSubnetId });
      const group = await this.securityGroup(lb);
      const { port } = await this.neutron.post<{ port: NeutronPort }>('/ports', {
        port: {
          name: instancePortName(instanceId),
          network_id: subnet.networkId,
          fixed_ips: [{ subnet_id: subnet.id }],
          device_owner: LOAD_BALANCER_OWNER,
          device_id: lb.id,
          project_id: lb.projectId,
          admin_state_up: true,
          // The VIP moves to whichever instance is MASTER: Neutron lets it through this port too.
          allowed_address_pairs: [{ ip_address: lb.vipAddress }],
          security_groups: [group.id],
        },
      });
      return copyPort(manager, port);
    }, 'vip_subnet_id');
  }

  async prepareDeploy(
    lb: VipPortUse,
    portId: string,
    host: string,
    openings: ListenerOpening[],
    vrrp: boolean,
  ): Promise<void> {
    const { port } = await this.neutron.get<{ port: NeutronPort }>(`/ports/${portId}`);
    const group = await this.securityGroup(lb);
    const groups = port.security_groups.includes(group.id)
      ? port.security_groups
      : [...port.security_groups, group.id];
    if (port['binding:host_id'] !== host || groups !== port.security_groups) {
      await this.neutron.put(`/ports/${port.id}`, {
        port: { 'binding:host_id': host, security_groups: groups },
      });
      this.logger.log(
        { loadbalancer_id: lb.id, port_id: port.id, agent_host: host },
        'port bound to the hosting agent',
      );
    }
    const versions = [...new Set(port.fixed_ips.map((ip) => (ip.ip_address.includes(':') ? 6 : 4)))];
    const { security_group_rules: existing } = await this.neutron.get<{
      security_group_rules: NeutronRule[];
    }>('/security-group-rules', { security_group_id: group.id });
    const wanted = wantedIngressRules(openings, versions, vrrp ? group.id : undefined);
    const changes = ruleChanges(wanted, existing);
    for (const id of changes.remove) await this.neutron.delete(`/security-group-rules/${id}`);
    for (const rule of changes.create)
      await this.neutron.post('/security-group-rules', neutronRuleBody(group.id, lb.projectId, rule));
  }

  async releaseVip(manager: EntityManager, lb: VipPortUse): Promise<void> {
    await manager.delete(PortEntity, { id: lb.vipPortId });
  }

  /** The port deleted (or a tenant's given back) and the group deleted; a failure is left to the sweep. */
  async afterRelease(lb: VipPortUse): Promise<void> {
    try {
      for (const port of await this.instancePorts(lb.id)) await this.neutron.delete(`/ports/${port.id}`);
      await this.releasePort(lb.vipPortId, lb.vipPortOwned, lb.id);
      await this.deleteSecurityGroups(lb.id);
    } catch (error) {
      this.logger.warn(
        { loadbalancer_id: lb.id, port_id: lb.vipPortId, error: (error as Error).message },
        'VIP port not released in Neutron; the orphan clean-up will',
      );
    }
  }

  /** A port of ours (device_owner) whose load balancer is gone: deleted if made for it, else given back. */
  async releasePort(portId: string, owned: boolean, loadBalancerId: string): Promise<void> {
    if (owned) {
      await this.neutron.delete(`/ports/${portId}`);
      return;
    }
    const { port } = await this.neutron.get<{ port: NeutronPort }>(`/ports/${portId}`);
    const ours = new Set(
      (await this.securityGroupsNamed(loadBalancerId)).map((group: NeutronSecurityGroup) => group.id),
    );
    await this.neutron.put(`/ports/${portId}`, {
      port: {
        device_owner: '',
        device_id: '',
        'binding:host_id': '',
        security_groups: port.security_groups.filter((id) => !ours.has(id)),
      },
    });
  }

  async deleteSecurityGroups(loadBalancerId: string): Promise<void> {
    for (const group of await this.securityGroupsNamed(loadBalancerId))
      await this.neutron.delete(`/security-groups/${group.id}`);
  }

  private async createPort(
    caller: Caller,
    projectId: string,
    placement: VipPlacement,
    loadBalancerId: string,
  ): Promise<NeutronPort> {
    const subnet = await this.vipSubnet(caller, placement);
    const fixedIps = [
      { subnet_id: subnet.id, ...(placement.address ? { ip_address: placement.address } : {}) },
    ];
    for (const [index, extra] of (placement.additional ?? []).entries()) {
      const field = `additional_vips[${index}].subnet_id`;
      const other = await this.visibleSubnet(caller, extra.subnetId).catch(
        notFoundAs(`Invalid input for ${field}: no subnet ${extra.subnetId}`),
      );
      checkAdditionalSubnet(
        field,
        { id: other.id, networkId: other.network_id },
        subnet.network_id,
        fixedIps.map((ip) => ip.subnet_id),
      );
      fixedIps.push({ subnet_id: other.id, ...(extra.address ? { ip_address: extra.address } : {}) });
    }
    const group = await this.createSecurityGroup(loadBalancerId, projectId);
    try {
      const { port } = await this.neutron.post<{ port: NeutronPort }>('/ports', {
        port: {
          name: ownedPortName(loadBalancerId),
          network_id: subnet.network_id,
          fixed_ips: fixedIps,
          device_owner: LOAD_BALANCER_OWNER,
          device_id: loadBalancerId,
          project_id: projectId,
          admin_state_up: true,
          security_groups: [group.id],
        },
      });
      return port;
    } catch (error) {
      await this.neutron.delete(`/security-groups/${group.id}`).catch(() => undefined);
      throw error;
    }
  }

  /** Octavia's vip_port_id: the caller's unused port, marked as this load balancer's. */
  private async takePort(
    caller: Caller,
    portId: string,
    placement: VipPlacement,
    loadBalancerId: string,
  ): Promise<NeutronPort> {
    const port = await this.neutron
      .get<{ port: NeutronPort }>(`/ports/${portId}`)
      .then(({ port }) => port)
      .catch(notFoundAs(`Invalid input for vip_port_id: no port ${portId}`));
    if (!caller.canAccess(port.project_id))
      throw new BadRequestException(`Invalid input for vip_port_id: no port ${portId}`);
    lentPortAddress(
      {
        id: port.id,
        networkId: port.network_id,
        deviceOwner: port.device_owner,
        deviceId: port.device_id,
        fixedIps: port.fixed_ips.map((ip) => ({ subnetId: ip.subnet_id, address: ip.ip_address })),
      },
      placement,
    );
    const updated = await this.neutron.put<{ port: NeutronPort }>(`/ports/${port.id}`, {
      port: { device_owner: LOAD_BALANCER_OWNER, device_id: loadBalancerId },
    });
    return updated.port;
  }

  /** The subnet the VIP goes on: the one named, else the network's first IPv4 one (else its first). */
  private async vipSubnet(caller: Caller, placement: VipPlacement): Promise<NeutronSubnet> {
    if (placement.subnetId) {
      const subnet = await this.visibleSubnet(caller, placement.subnetId);
      if (placement.networkId && subnet.network_id !== placement.networkId)
        throw new BadRequestException(
          `vip_subnet_id ${subnet.id} is not on vip_network_id ${placement.networkId}`,
        );
      return subnet;
    }
    const networkId = placement.networkId ?? '';
    const network = await this.neutron
      .get<{ network: NeutronNetwork }>(`/networks/${networkId}`)
      .then(({ network }) => network)
      .catch(notFoundAs(undefined, 'NetworkNotFound', `Network ${networkId} could not be found.`));
    if (!network.shared && !caller.canAccess(network.project_id))
      throw new ApiError('NetworkNotFound', `Network ${networkId} could not be found.`);
    const { subnets } = await this.neutron.get<{ subnets: NeutronSubnet[] }>('/subnets', {
      network_id: network.id,
    });
    subnets.sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? ''));
    const chosen = subnets.find((subnet) => subnet.ip_version === 4) ?? subnets[0];
    if (!chosen) throw new ApiError('VipNetworkInvalid', `Network ${network.id} has no subnet for a VIP`);
    return chosen;
  }

  /** A subnet the caller may use: its project's, or one of a shared network; else it does not exist. */
  private async visibleSubnet(caller: Caller, subnetId: string): Promise<NeutronSubnet> {
    const missing = `Subnet ${subnetId} could not be found.`;
    const { subnet } = await this.neutron
      .get<{ subnet: NeutronSubnet }>(`/subnets/${subnetId}`)
      .catch(notFoundAs(undefined, 'SubnetNotFound', missing));
    if (caller.canAccess(subnet.project_id)) return subnet;
    const { network } = await this.neutron.get<{ network: NeutronNetwork }>(`/networks/${subnet.network_id}`);
    if (!network.shared) throw new ApiError('SubnetNotFound', missing);
    return subnet;
  }

  /** The load balancer's group, made when missing (a port taken from a tenant gets one at its first deploy). */
  private async securityGroup(lb: Pick<VipPortUse, 'id' | 'projectId'>): Promise<NeutronSecurityGroup> {
    const [existing] = await this.securityGroupsNamed(lb.id);
    return existing ?? this.createSecurityGroup(lb.id, lb.projectId);
  }

  /** Octavia's group of a VIP port, in the load balancer's project (Neutron adds its egress rules). */
  private async createSecurityGroup(
    loadBalancerId: string,
    projectId: string,
  ): Promise<NeutronSecurityGroup> {
    const { security_group: group } = await this.neutron.post<{ security_group: NeutronSecurityGroup }>(
      '/security-groups',
      {
        security_group: {
          name: securityGroupName(loadBalancerId),
          description: `VIP of load balancer ${loadBalancerId}`,
          project_id: projectId,
        },
      },
    );
    return group;
  }

  /** The ACTIVE_STANDBY instances' ports of a load balancer (none for SINGLE). */
  private async instancePorts(loadBalancerId: string): Promise<NeutronPort[]> {
    const { ports } = await this.neutron.get<{ ports: NeutronPort[] }>('/ports', {
      device_owner: LOAD_BALANCER_OWNER,
      device_id: loadBalancerId,
    });
    return ports.filter((port) => isInstancePortName(port.name));
  }

  private async securityGroupsNamed(loadBalancerId: string): Promise<NeutronSecurityGroup[]> {
    const { security_groups: groups } = await this.neutron.get<{ security_groups: NeutronSecurityGroup[] }>(
      '/security-groups',
      { name: securityGroupName(loadBalancerId) },
    );
    return groups;
  }
}

/**
 * What Neutron answered, as this API answers it: its 404 of an object the request names, its conflicts
 * (an address taken, a subnet full, a quota reached) and refusals with Neutron's message, and Neutron out
 * of reach as 503.
 */
async function asApiError<T>(work: () => Promise<T>, field: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NeutronUnavailableError)
      throw new ApiError(
        'NetworkingUnavailable',
        `The networking service (Neutron) cannot be used now: ${error.message}`,
      );
    if (!(error instanceof NeutronRequestError)) throw error;
    if (error.status === 409) {
      const kind: ApiErrorKind =
        error.type === 'IpAddressAlreadyAllocated' || error.type === 'IpAddressGenerationFailure'
          ? error.type
          : error.type === 'OverQuota'
            ? 'OverQuota'
            : 'NetworkingConflict';
      throw new ApiError(kind, error.message);
    }
    if (error.status === 404) throw new ApiError('SubnetNotFound', error.message);
    throw new BadRequestException(`Invalid input for ${field}: ${error.message}`);
  }
}

/** A Neutron 404 of an object named in the body is the request's 400 (or the given kind's 404). */
function notFoundAs(
  badRequest: string | undefined,
  kind?: ApiErrorKind,
  message?: string,
): (error: unknown) => never {
  return (error) => {
    if (error instanceof NeutronRequestError && error.status === 404) {
      if (badRequest) throw new BadRequestException(badRequest);
      throw new ApiError(kind!, message!);
    }
    throw error;
  };
}

async function copyNetwork(manager: EntityManager, network: NeutronNetwork): Promise<void> {
  await manager.upsert(
    NetworkEntity,
    {
      id: network.id,
      projectId: network.project_id,
      name: network.name.slice(0, 255),
      adminStateUp: true,
      segmentationId: null,
      mtu: network.mtu ?? 1500,
    },
    ['id'],
  );
}

async function copySubnet(manager: EntityManager, subnet: NeutronSubnet): Promise<SubnetEntity> {
  await manager.upsert(
    SubnetEntity,
    {
      id: subnet.id,
      projectId: subnet.project_id,
      name: subnet.name.slice(0, 255),
      networkId: subnet.network_id,
      ipVersion: subnet.ip_version,
      cidr: subnet.cidr,
      gatewayIp: subnet.gateway_ip,
      allocationPools: subnet.allocation_pools,
    },
    ['id'],
  );
  return manager.findOneByOrFail(SubnetEntity, { id: subnet.id });
}

async function copyPort(manager: EntityManager, port: NeutronPort): Promise<PortEntity> {
  await manager.delete(PortEntity, { id: port.id });
  return manager.save(
    manager.create(PortEntity, {
      id: port.id,
      projectId: port.project_id,
      networkId: port.network_id,
      name: port.name.slice(0, 255),
      description: '',
      macAddress: port.mac_address,
      adminStateUp: true,
      status: port.status ?? 'DOWN',
      deviceOwner: port.device_owner,
      deviceId: port.device_id,
      fixedIps: port.fixed_ips.map((ip) => ({
        subnetId: ip.subnet_id,
        ipAddress: ip.ip_address,
        portId: port.id,
      })),
    }),
  );
}
