import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { findVisible } from '../../platform/rest/project-scope';
import { owningProject } from '../../platform/rest/ownership';
import type { DescribedBody, ResourceBody } from '../../platform/rest/resource-body.dto';
import {
  checkAllocationPools,
  checkGateway,
  defaultAllocationPools,
  defaultGateway,
  firstFreeAddress,
  IpamError,
  isInSubnet,
  parseAddress,
  parseCidr,
  randomMac,
} from './ipam';
import { NetworkEntity } from './network.entity';
import type { CreateNetworkBody, CreateSubnetBody } from './networking.dto';
import {
  networkView,
  type NetworkView,
  portView,
  type PortView,
  subnetView,
  type SubnetView,
} from './networking.views';
import { IpAllocationEntity, PortEntity } from './port.entity';
import { SubnetEntity } from './subnet.entity';

const MAX_SEGMENTATION_ID = 4094;
/** Serialises segmentation id allocation (any constant; only this code path takes it). */
const SEGMENTATION_LOCK = 7_140_301;

function notFound(kind: 'Network' | 'Subnet' | 'Port', id: string): NotFoundException {
  return new NotFoundException({ message: `${kind} ${id} could not be found.`, type: `${kind}NotFound` });
}

function badAddressing(error: unknown): never {
  if (error instanceof IpamError)
    throw new BadRequestException(`Invalid input for ${error.field}: ${error.message}`);
  throw error;
}

/** Where a VIP port goes: a subnet, or a network (its first IPv4 subnet, else its first subnet). */
export interface VipPlacement {
  subnetId?: string;
  networkId?: string;
  address?: string;
}

/** The Neutron-compatible networking subset: networks, subnets, ports and their IP addresses. */
@Injectable()
export class NetworkingService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // --- networks -------------------------------------------------------------------------------

  async listNetworks(caller: Caller): Promise<NetworkView[]> {
    const networks = await this.dataSource.getRepository(NetworkEntity).find({
      where: caller.seesAllProjects ? {} : { projectId: caller.projectId },
      relations: { subnets: true },
    });
    return networks.map((n) =>
      networkView(
        n,
        (n.subnets ?? []).map((s) => s.id),
      ),
    );
  }

  async getNetwork(caller: Caller, id: string): Promise<NetworkView> {
    const network = await this.findNetwork(this.dataSource.manager, caller, id);
    const subnets = await this.dataSource.getRepository(SubnetEntity).findBy({ networkId: id });
    return networkView(
      network,
      subnets.map((s) => s.id),
    );
  }

  async createNetwork(caller: Caller, body: CreateNetworkBody): Promise<NetworkView> {
    const requested = body['provider:segmentation_id'];
    if (requested !== undefined && !caller.isAdmin) {
      throw new BadRequestException('provider:segmentation_id may be set by an admin only');
    }
    const projectId = owningProject(caller, body);
    const network = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SEGMENTATION_LOCK]);
      const taken = new Set(
        (await manager.find(NetworkEntity, { select: { segmentationId: true } })).map(
          (n) => n.segmentationId,
        ),
      );
      let segmentationId = requested;
      if (segmentationId !== undefined && taken.has(segmentationId)) {
        throw new ConflictException(
          `provider:segmentation_id ${segmentationId} is already used by another network`,
        );
      }
      if (segmentationId === undefined) {
        segmentationId = Array.from({ length: MAX_SEGMENTATION_ID }, (_u, i) => i + 1).find(
          (id) => !taken.has(id),
        );
        if (segmentationId === undefined)
          throw new ConflictException('No free segmentation id is left for a new network');
      }
      return manager.save(
        manager.create(NetworkEntity, {
          id: randomUUID(),
          projectId,
          name: body.name ?? '',
          description: body.description ?? '',
          adminStateUp: body.admin_state_up ?? true,
          segmentationId,
          mtu: body.mtu ?? 1500,
        }),
      );
    });
    return networkView(network, []);
  }

  async updateNetwork(caller: Caller, id: string, body: ResourceBody): Promise<NetworkView> {
    const network = await this.findNetwork(this.dataSource.manager, caller, id);
    Object.assign(network, {
      name: body.name ?? network.name,
      description: body.description ?? network.description,
      adminStateUp: body.admin_state_up ?? network.adminStateUp,
    });
    await this.dataSource.getRepository(NetworkEntity).save(network);
    return this.getNetwork(caller, id);
  }

  async deleteNetwork(caller: Caller, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const network = await this.findNetwork(manager, caller, id, true);
      const ports = await manager.countBy(PortEntity, { networkId: network.id });
      if (ports > 0) {
        throw new ConflictException({
          message: `Unable to complete operation on network ${id}. There are one or more ports still in use on the network.`,
          type: 'NetworkInUse',
        });
      }
      await manager.delete(SubnetEntity, { networkId: id });
      await manager.delete(NetworkEntity, { id });
    });
  }

  // --- subnets --------------------------------------------------------------------------------

  async listSubnets(caller: Caller): Promise<SubnetView[]> {
    const subnets = await findVisible(this.dataSource.manager, caller, SubnetEntity);
    return subnets.map(subnetView);
  }

  async getSubnet(caller: Caller, id: string): Promise<SubnetView> {
    return subnetView(await this.findSubnet(this.dataSource.manager, caller, id));
  }

  async createSubnet(caller: Caller, body: CreateSubnetBody): Promise<SubnetView> {
    const projectId = owningProject(caller, body);
    const subnet = await this.dataSource.transaction(async (manager) => {
      // Lock the network so two overlapping subnets cannot be added side by side.
      const network = await this.findNetwork(manager, caller, body.network_id, true);
      let fields: Pick<SubnetEntity, 'ipVersion' | 'cidr' | 'gatewayIp' | 'allocationPools'>;
      try {
        const cidr = parseCidr(body.cidr);
        if (body.ip_version !== undefined && body.ip_version !== cidr.version) {
          throw new IpamError('ip_version', `ip_version ${body.ip_version} does not match cidr ${body.cidr}`);
        }
        const gatewayIp =
          body.gateway_ip === null
            ? null
            : body.gateway_ip === undefined
              ? defaultGateway(cidr)
              : checkGateway(body.gateway_ip, cidr);
        const allocationPools = body.allocation_pools
          ? checkAllocationPools(body.allocation_pools, cidr, gatewayIp)
          : defaultAllocationPools(cidr, gatewayIp);
        for (const existing of await manager.findBy(SubnetEntity, { networkId: network.id })) {
          const other = parseCidr(existing.cidr);
          if (other.version === cidr.version && other.first <= cidr.last && cidr.first <= other.last) {
            throw new IpamError(
              'cidr',
              `cidr ${cidr.cidr} overlaps with subnet ${existing.id} (${existing.cidr}) of this network`,
            );
          }
        }
        fields = { ipVersion: cidr.version, cidr: cidr.cidr, gatewayIp, allocationPools };
      } catch (error) {
        badAddressing(error);
      }
      return manager.save(
        manager.create(SubnetEntity, {
          id: randomUUID(),
          projectId,
          networkId: network.id,
          name: body.name ?? '',
          description: body.description ?? '',
          ...fields,
        }),
      );
    });
    return subnetView(subnet);
  }

  async updateSubnet(caller: Caller, id: string, body: DescribedBody): Promise<SubnetView> {
    const subnet = await this.findSubnet(this.dataSource.manager, caller, id);
    subnet.name = body.name ?? subnet.name;
    subnet.description = body.description ?? subnet.description;
    return subnetView(await this.dataSource.getRepository(SubnetEntity).save(subnet));
  }

  async deleteSubnet(caller: Caller, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.findSubnet(manager, caller, id, true);
      if ((await manager.countBy(IpAllocationEntity, { subnetId: id })) > 0) {
        throw new ConflictException({
          message: `Unable to complete operation on subnet ${id}: One or more ports have an IP allocation from this subnet.`,
          type: 'SubnetInUse',
        });
      }
      await manager.delete(SubnetEntity, { id });
    });
  }

  // --- ports ----------------------------------------------------------------------------------

  async listPorts(caller: Caller): Promise<PortView[]> {
    const ports = await findVisible(this.dataSource.manager, caller, PortEntity);
    return ports.map(portView);
  }

  async getPort(caller: Caller, id: string): Promise<PortView> {
    const port = await this.dataSource.getRepository(PortEntity).findOneBy({ id });
    if (!port || !caller.canAccess(port.projectId)) throw notFound('Port', id);
    return portView(port);
  }

  /** Ports by id, for views of the objects that own them. */
  async portsByIds(ids: string[]): Promise<Map<string, PortEntity>> {
    if (ids.length === 0) return new Map();
    const ports = await this.dataSource.getRepository(PortEntity).findBy({ id: In(ids) });
    return new Map(ports.map((port) => [port.id, port]));
  }

  /**
   * Creates the VIP port of a load balancer inside the caller's transaction: the subnet row is locked,
   * so concurrent allocations on it queue up, and the allocation's primary key rules out duplicates.
   */
  async createVipPort(
    manager: EntityManager,
    caller: Caller,
    projectId: string,
    placement: VipPlacement,
    deviceId: string,
  ): Promise<{ port: PortEntity; subnet: SubnetEntity }> {
    const subnet = await this.vipSubnet(manager, caller, placement);
    const used = new Set(
      (await manager.findBy(IpAllocationEntity, { subnetId: subnet.id })).map((a) => a.ipAddress),
    );
    if (subnet.gatewayIp) used.add(subnet.gatewayIp);
    let address: string;
    if (placement.address !== undefined) {
      let parsed: { text: string };
      try {
        parsed = parseAddress(placement.address, 'vip_address');
        if (!isInSubnet(parsed.text, parseCidr(subnet.cidr))) {
          throw new IpamError(
            'vip_address',
            `vip_address ${placement.address} is not in subnet ${subnet.id} (${subnet.cidr})`,
          );
        }
      } catch (error) {
        badAddressing(error);
      }
      if (used.has(parsed.text)) {
        throw new ConflictException({
          message: `IP address ${parsed.text} already allocated in subnet ${subnet.id}`,
          type: 'IpAddressAlreadyAllocated',
        });
      }
      address = parsed.text;
    } else {
      const free = firstFreeAddress(subnet.allocationPools, used, subnet.ipVersion);
      if (free === undefined) {
        throw new ConflictException({
          message: `No more IP addresses available on network ${subnet.networkId}.`,
          type: 'IpAddressGenerationFailure',
        });
      }
      address = free;
    }
    let macAddress = randomMac();
    while (await manager.existsBy(PortEntity, { macAddress })) macAddress = randomMac();
    const portId = randomUUID();
    const port = await manager.save(
      manager.create(PortEntity, {
        id: portId,
        projectId,
        networkId: subnet.networkId,
        name: `loadbalancer-${deviceId}`,
        description: '',
        macAddress,
        adminStateUp: false,
        status: 'DOWN',
        deviceOwner: 'neutron:LOADBALANCERV2',
        deviceId,
        fixedIps: [{ subnetId: subnet.id, ipAddress: address, portId }],
      }),
    );
    return { port, subnet };
  }

  async deletePort(manager: EntityManager, portId: string): Promise<void> {
    await manager.delete(PortEntity, { id: portId });
  }

  private async vipSubnet(
    manager: EntityManager,
    caller: Caller,
    placement: VipPlacement,
  ): Promise<SubnetEntity> {
    if (placement.subnetId) {
      const subnet = await this.findSubnet(manager, caller, placement.subnetId, true);
      if (placement.networkId && subnet.networkId !== placement.networkId) {
        throw new BadRequestException(
          `vip_subnet_id ${subnet.id} is not on vip_network_id ${placement.networkId}`,
        );
      }
      return subnet;
    }
    const network = await this.findNetwork(manager, caller, placement.networkId ?? '');
    const subnets = await manager.find(SubnetEntity, {
      where: { networkId: network.id },
      order: { createdAt: 'ASC' },
    });
    const chosen = subnets.find((s) => s.ipVersion === 4) ?? subnets[0];
    if (!chosen) {
      throw new BadRequestException({
        message: `Network ${network.id} has no subnet for a VIP`,
        type: 'VipNetworkInvalid',
      });
    }
    return this.findSubnet(manager, caller, chosen.id, true);
  }

  private async findNetwork(
    manager: EntityManager,
    caller: Caller,
    id: string,
    lock = false,
  ): Promise<NetworkEntity> {
    const network = await manager.findOne(NetworkEntity, {
      where: { id },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (!network || !caller.canAccess(network.projectId)) throw notFound('Network', id);
    return network;
  }

  private async findSubnet(
    manager: EntityManager,
    caller: Caller,
    id: string,
    lock = false,
  ): Promise<SubnetEntity> {
    const subnet = await manager.findOne(SubnetEntity, {
      where: { id },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (!subnet || !caller.canAccess(subnet.projectId)) throw notFound('Subnet', id);
    return subnet;
  }
}
