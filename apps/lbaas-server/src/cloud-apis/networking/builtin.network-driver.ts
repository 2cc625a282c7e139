import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { type InstancePortOwner, NetworkDriver, type VipPortUse } from './network-driver';
import type { PortEntity } from './port.entity';
import { SubnetsService } from './subnets.service';
import { releaseVipPort, type VipPlacement, VIP_FIELDS, VipAllocatorService } from './vip-allocator.service';

/**
 * network_driver = builtin: this server's own networks, subnets and ports (its networking API), all in
 * its database, so a create or delete is one transaction and nothing lives outside it.
 */
@Injectable()
export class BuiltinNetworkDriver extends NetworkDriver {
  readonly name = 'builtin';

  constructor(
    private readonly allocator: VipAllocatorService,
    private readonly subnets: SubnetsService,
  ) {
    super();
  }

  acquireVip(
    manager: EntityManager,
    caller: Caller,
    projectId: string,
    placement: VipPlacement,
    vipPortId: string | undefined,
    loadBalancerId: string,
  ) {
    return vipPortId
      ? this.allocator.takeVipPort(manager, caller, vipPortId, placement, loadBalancerId)
      : this.allocator.allocateVipPort(manager, caller, projectId, placement, loadBalancerId);
  }

  async createInstancePort(
    manager: EntityManager,
    caller: Caller,
    lb: InstancePortOwner,
    instanceId: string,
  ): Promise<PortEntity> {
    const { port } = await this.allocator.createPort(
      manager,
      caller,
      lb.projectId,
      { subnetId: lb.vipSubnetId },
      // Its address comes from the VIP's subnet: errors name the VIP's fields.
      VIP_FIELDS,
      // Octavia's names for an amphora's VRRP port.
      { name: `octavia-lb-vrrp-${instanceId}`, deviceOwner: 'Octavia', deviceId: instanceId },
    );
    return port;
  }

  async checkMemberSubnet(caller: Caller, subnetId: string): Promise<void> {
    await this.subnets.getSubnet(caller, subnetId);
  }

  async prepareDeploy(): Promise<void> {
    // The agent tags the port with the network's segmentation id itself; no firewall of ours in between.
  }

  releaseVip(manager: EntityManager, lb: VipPortUse): Promise<void> {
    return releaseVipPort(manager, lb);
  }

  async afterRelease(): Promise<void> {
    // Nothing outside the database (a rolled-back create took its port back with it).
  }
}
