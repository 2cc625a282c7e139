import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { firstFreeAddress, IpamError, isInSubnet, parseAddress, parseCidr, randomMac } from './ipam';
import { badAddressing, findResource } from './networking-lookups';
import { IpAllocationEntity, PortEntity } from './port.entity';
import { SubnetEntity } from './subnet.entity';
import { ApiError } from '../../platform/api-errors/api-error';

/** Where a VIP port goes: a subnet, or a network (its first IPv4 subnet, else its first subnet). */
export interface VipPlacement {
  subnetId?: string;
  networkId?: string;
  address?: string;
  /** Octavia 2.26: more addresses of the same port, each on another subnet of the VIP's network. */
  additional?: { subnetId: string; address?: string }[];
}

/**
 * The one owner of VIP ports: it makes them (allocateVipPort) and frees them (releaseVipPort), both
 * inside the caller's transaction so a load balancer and its port come and go together. Allocation is
 * injected (through NetworkingModule) like the rest of what the load balancers service uses.
 */
@Injectable()
export class VipAllocatorService {
  /**
   * Creates the VIP port of a load balancer inside the caller's transaction: the subnet row is locked,
   * so concurrent allocations on it queue up, and the allocation's primary key rules out duplicates.
   */
  async allocateVipPort(
    manager: EntityManager,
    caller: Caller,
    projectId: string,
    placement: VipPlacement,
    deviceId: string,
  ): Promise<{ port: PortEntity; subnet: SubnetEntity }> {
    const subnet = await vipSubnet(manager, caller, placement);
    const fixedIps = [
      { subnetId: subnet.id, ipAddress: await allocate(manager, subnet, placement.address, 'vip_address') },
    ];
    for (const [index, extra] of (placement.additional ?? []).entries()) {
      const field = `additional_vips[${index}].subnet_id`;
      const other = await findResource(manager, caller, 'Subnet', extra.subnetId, true).catch(() => {
        throw new BadRequestException(`Invalid input for ${field}: no subnet ${extra.subnetId}`);
      });
      if (other.networkId !== subnet.networkId)
        throw new BadRequestException(
          `Invalid input for ${field}: subnet ${other.id} is not on the VIP's network ${subnet.networkId}`,
        );
      if (fixedIps.some((ip) => ip.subnetId === other.id))
        throw new BadRequestException(
          `Invalid input for ${field}: subnet ${other.id} already has an address of this load balancer`,
        );
      const address = await allocate(manager, other, extra.address, `additional_vips[${index}].ip_address`);
      fixedIps.push({ subnetId: other.id, ipAddress: address });
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
        fixedIps: fixedIps.map((ip) => ({ ...ip, portId })),
      }),
    );
    return { port, subnet };
  }
}

/**
 * Frees a VIP port inside the caller's transaction (lb-graph deletes the load balancer in the same one);
 * its address goes with it (ip_allocations cascade), free for the next VIP once that commits.
 * A plain function: it needs nothing injected, so lb-graph calls it without importing NetworkingModule.
 */
export async function releaseVipPort(manager: EntityManager, portId: string): Promise<void> {
  await manager.delete(PortEntity, { id: portId });
}

/** An address of `subnet` (locked by the caller): the one asked for, or the lowest free one. */
async function allocate(
  manager: EntityManager,
  subnet: SubnetEntity,
  requested: string | undefined,
  field: string,
): Promise<string> {
  const used = new Set(
    (await manager.findBy(IpAllocationEntity, { subnetId: subnet.id })).map((a) => a.ipAddress),
  );
  if (subnet.gatewayIp) used.add(subnet.gatewayIp);
  return requested === undefined
    ? freeAddress(subnet, used)
    : requestedAddress(subnet, used, requested, field);
}

/** The address the user asked for: normalised, inside the subnet, not yet taken. */
function requestedAddress(
  subnet: SubnetEntity,
  used: ReadonlySet<string>,
  requested: string,
  field: string,
): string {
  let parsed: { text: string };
  try {
    parsed = parseAddress(requested, field);
    if (!isInSubnet(parsed.text, parseCidr(subnet.cidr))) {
      throw new IpamError(field, `${field} ${requested} is not in subnet ${subnet.id} (${subnet.cidr})`);
    }
  } catch (error) {
    badAddressing(error);
  }
  if (used.has(parsed.text)) {
    throw new ApiError(
      'IpAddressAlreadyAllocated',
      `IP address ${parsed.text} already allocated in subnet ${subnet.id}`,
    );
  }
  return parsed.text;
}

/** The lowest free address of the subnet's allocation pools. */
function freeAddress(subnet: SubnetEntity, used: ReadonlySet<string>): string {
  const free = firstFreeAddress(subnet.allocationPools, used, subnet.ipVersion);
  if (free === undefined) {
    throw new ApiError(
      'IpAddressGenerationFailure',
      `No more IP addresses available on network ${subnet.networkId}.`,
    );
  }
  return free;
}

/** The subnet the VIP goes on, locked for the rest of the transaction. */
async function vipSubnet(
  manager: EntityManager,
  caller: Caller,
  placement: VipPlacement,
): Promise<SubnetEntity> {
  if (placement.subnetId) {
    const subnet = await findResource(manager, caller, 'Subnet', placement.subnetId, true);
    if (placement.networkId && subnet.networkId !== placement.networkId) {
      throw new BadRequestException(
        `vip_subnet_id ${subnet.id} is not on vip_network_id ${placement.networkId}`,
      );
    }
    return subnet;
  }
  const network = await findResource(manager, caller, 'Network', placement.networkId ?? '');
  const subnets = await manager.find(SubnetEntity, {
    where: { networkId: network.id },
    order: { createdAt: 'ASC' },
  });
  const chosen = subnets.find((s) => s.ipVersion === 4) ?? subnets[0];
  if (!chosen) {
    throw new ApiError('VipNetworkInvalid', `Network ${network.id} has no subnet for a VIP`);
  }
  return findResource(manager, caller, 'Subnet', chosen.id, true);
}
