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

/** Field names for error messages: a load balancer's, or a port's own (`fixed_ips[i]`). */
export interface AddressFields {
  subnet: string;
  network: string;
  address: string;
  additional: (index: number, key: 'subnet_id' | 'ip_address') => string;
}

/** A load balancer's VIP fields, named in the errors of its ports' addresses. */
export const VIP_FIELDS: AddressFields = {
  subnet: 'vip_subnet_id',
  network: 'vip_network_id',
  address: 'vip_address',
  additional: (index, key) => `additional_vips[${index}].${key}`,
};

/** Who uses a port (neutron's device_owner and device_id); a port nobody uses has empty ones. */
export interface PortBinding {
  name: string;
  deviceOwner: string;
  deviceId: string;
}

/** neutron-lbaas' device_owner of VIP ports (and of tenants' ports lent as one). */
export const LOAD_BALANCER_OWNER = 'neutron:LOADBALANCERV2';

/**
 * The one owner of ports: it makes them (createPort, allocateVipPort), lends a tenant's port to a load
 * balancer (takeVipPort) and frees them (releaseVipPort), all inside the caller's transaction so a load
 * balancer and its port come and go together. Injected (through NetworkingModule) like the rest of what
 * the load balancers service uses.
 */
@Injectable()
export class VipAllocatorService {
  /** The VIP port of a new load balancer, made for it (and deleted with it). */
  async allocateVipPort(
    manager: EntityManager,
    caller: Caller,
    projectId: string,
    placement: VipPlacement,
    deviceId: string,
  ): Promise<{ port: PortEntity; subnet: SubnetEntity }> {
    return this.createPort(manager, caller, projectId, placement, VIP_FIELDS, {
      name: `loadbalancer-${deviceId}`,
      deviceOwner: LOAD_BALANCER_OWNER,
      deviceId,
    });
  }

  /**
   * A port with one address per subnet asked for, inside the caller's transaction: each subnet row is
   * locked, so concurrent allocations on it queue up, and the allocation's primary key rules out
   * duplicates.
   */
  async createPort(
    manager: EntityManager,
    caller: Caller,
    projectId: string,
    placement: VipPlacement,
    fields: AddressFields,
    binding: PortBinding,
  ): Promise<{ port: PortEntity; subnet: SubnetEntity }> {
    const subnet = await vipSubnet(manager, caller, placement, fields);
    const fixedIps = [
      { subnetId: subnet.id, ipAddress: await allocate(manager, subnet, placement.address, fields.address) },
    ];
    for (const [index, extra] of (placement.additional ?? []).entries()) {
      const field = fields.additional(index, 'subnet_id');
      const other = await findResource(manager, caller, 'Subnet', extra.subnetId, true).catch(
        notFoundAs(`Invalid input for ${field}: no subnet ${extra.subnetId}`),
      );
      checkAdditionalSubnet(
        field,
        other,
        subnet.networkId,
        fixedIps.map((ip) => ip.subnetId),
      );
      const address = await allocate(manager, other, extra.address, fields.additional(index, 'ip_address'));
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
        name: binding.name,
        description: '',
        macAddress,
        adminStateUp: false,
        status: 'DOWN',
        deviceOwner: binding.deviceOwner,
        deviceId: binding.deviceId,
        fixedIps: fixedIps.map((ip) => ({ ...ip, portId })),
      }),
    );
    return { port, subnet };
  }

  /**
   * Octavia's vip_port_id: the caller's own unused port becomes the VIP of load balancer `deviceId`
   * (locked for the rest of the transaction); its address on `subnetId` (else its first) is the VIP, its
   * others are additional VIPs. It is given back, not deleted, with the load balancer.
   */
  async takeVipPort(
    manager: EntityManager,
    caller: Caller,
    portId: string,
    placement: VipPlacement,
    deviceId: string,
  ): Promise<{ port: PortEntity; subnet: SubnetEntity; address: string }> {
    const port = await findResource(manager, caller, 'Port', portId, true).catch(
      notFoundAs(`Invalid input for vip_port_id: no port ${portId}`),
    );
    const primary = lentPortAddress(
      { ...port, fixedIps: port.fixedIps.map((ip) => ({ subnetId: ip.subnetId, address: ip.ipAddress })) },
      placement,
    );
    await manager.update(PortEntity, { id: port.id }, { deviceOwner: LOAD_BALANCER_OWNER, deviceId });
    const subnet = await manager.findOneByOrFail(SubnetEntity, { id: primary.subnetId });
    return { port, subnet, address: primary.address };
  }
}

/**
 * Frees a load balancer's VIP port inside the caller's transaction (lb-graph deletes the load balancer
 * in the same one): a port made for it goes with its addresses (ip_allocations cascade), a tenant's port
 * (vip_port_id) is given back unused. A plain function: it needs nothing injected, so lb-graph calls it
 * without importing NetworkingModule.
 */
export async function releaseVipPort(
  manager: EntityManager,
  lb: { vipPortId: string; vipPortOwned: boolean },
): Promise<void> {
  if (lb.vipPortOwned) await manager.delete(PortEntity, { id: lb.vipPortId });
  else await manager.update(PortEntity, { id: lb.vipPortId }, { deviceOwner: '', deviceId: '' });
}

/** An additional VIP's subnet: on the VIP's network, and not one the port has an address on already. */
export function checkAdditionalSubnet(
  field: string,
  subnet: { id: string; networkId: string },
  vipNetworkId: string,
  subnetsOfPort: string[],
): void {
  if (subnet.networkId !== vipNetworkId)
    throw new BadRequestException(
      `Invalid input for ${field}: subnet ${subnet.id} is not on the VIP's network ${vipNetworkId}`,
    );
  if (subnetsOfPort.includes(subnet.id))
    throw new BadRequestException(
      `Invalid input for ${field}: subnet ${subnet.id} already has an address of this port`,
    );
}

/** A port as the checks of a lent VIP port read it (this server's or Neutron's). */
export interface LentPort {
  id: string;
  networkId: string;
  deviceOwner: string;
  deviceId: string;
  fixedIps: { subnetId: string; address: string }[];
}

/**
 * Octavia's vip_port_id: the tenant's port must be unused and on the VIP network asked for (if any); its
 * address on the VIP subnet asked for (else its first) is the VIP, and must be vip_address if one is given.
 */
export function lentPortAddress(
  port: LentPort,
  placement: VipPlacement,
): { subnetId: string; address: string } {
  if (port.deviceOwner !== '' || port.deviceId !== '')
    throw new ApiError(
      'PortInUse',
      `Port ${port.id} is in use by ${port.deviceOwner || 'a device'} ${port.deviceId}.`,
    );
  if (placement.networkId && placement.networkId !== port.networkId)
    throw new BadRequestException(
      `Invalid input for vip_network_id: port ${port.id} is on network ${port.networkId}`,
    );
  const primary = placement.subnetId
    ? port.fixedIps.find((ip) => ip.subnetId === placement.subnetId)
    : port.fixedIps[0];
  if (!primary)
    throw new BadRequestException(
      `Invalid input for vip_port_id: port ${port.id} has no address${placement.subnetId ? ` on subnet ${placement.subnetId}` : ''}`,
    );
  if (placement.address !== undefined && placement.address !== primary.address)
    throw new BadRequestException(
      `Invalid input for vip_address: ${placement.address} is not the address of port ${port.id} on subnet ${primary.subnetId}`,
    );
  return primary;
}

/** A lookup's 404 of an object the request names in its body is the request's 400. */
function notFoundAs(message: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof ApiError && error.getStatus() === 404) throw new BadRequestException(message);
    throw error;
  };
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
  fields: AddressFields,
): Promise<SubnetEntity> {
  if (placement.subnetId) {
    const subnet = await findResource(manager, caller, 'Subnet', placement.subnetId, true);
    if (placement.networkId && subnet.networkId !== placement.networkId) {
      throw new BadRequestException(
        `${fields.subnet} ${subnet.id} is not on ${fields.network} ${placement.networkId}`,
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
