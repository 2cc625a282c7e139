import type { EntityManager } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import type { PortEntity } from './port.entity';
import type { SubnetEntity } from './subnet.entity';
import type { VipPlacement } from './vip-allocator.service';

/** A load balancer's VIP port as the drivers need it: which port, and whether it was made for it. */
export interface VipPortUse {
  id: string;
  projectId: string;
  vipPortId: string;
  vipPortOwned: boolean;
}

/** The load balancer an instance port is made for. */
export interface InstancePortOwner {
  id: string;
  projectId: string;
  vipSubnetId: string;
  vipAddress: string;
}

/** What a listener opens on the VIP port (its security group, with network_driver = neutron). */
export interface ListenerOpening {
  protocol: string;
  protocolPort: number;
  /** Octavia's allowed_cidrs; empty: from anywhere. */
  allowedCidrs: string[];
}

/**
 * Who owns networks, subnets and VIP ports ([controller_worker] network_driver): this server itself
 * (builtin) or an OpenStack cloud's Neutron. Either way the port, its subnet and network are rows of the
 * networking tables when a load balancer uses them (with Neutron, copies of Neutron's objects), so the
 * rest of the server reads them one way.
 */
export abstract class NetworkDriver {
  abstract readonly name: 'builtin' | 'neutron';

  /**
   * Inside a load balancer's create: its VIP port, made for it or (vipPortId) the caller's own unused
   * port lent to it. What this does outside the database is given back by `afterRelease` if the create fails.
   */
  abstract acquireVip(
    manager: EntityManager,
    caller: Caller,
    projectId: string,
    placement: VipPlacement,
    vipPortId: string | undefined,
    loadBalancerId: string,
  ): Promise<{ port: PortEntity; subnet: SubnetEntity }>;

  /**
   * Inside the create of an ACTIVE_STANDBY load balancer: the port of one of its instances (Octavia's
   * VRRP port) on the VIP subnet, which carries the VIP address while its instance is MASTER.
   */
  abstract createInstancePort(
    manager: EntityManager,
    caller: Caller,
    lb: InstancePortOwner,
    instanceId: string,
  ): Promise<PortEntity>;

  /** A member's subnet_id: one the caller may use, else SubnetNotFound (404). */
  abstract checkMemberSubnet(caller: Caller, subnetId: string): Promise<void>;

  /**
   * Before a change is sent to the agent on `host`: `portId` (the VIP port, or an ACTIVE_STANDBY
   * instance's port) is bound there and open to the listeners (and, with `vrrp`, to the peer's adverts).
   */
  abstract prepareDeploy(
    lb: VipPortUse,
    portId: string,
    host: string,
    openings: ListenerOpening[],
    vrrp: boolean,
  ): Promise<void>;

  /** Inside the transaction that deletes the load balancer: its port's rows. */
  abstract releaseVip(manager: EntityManager, lb: VipPortUse): Promise<void>;

  /**
   * After that transaction committed, or after a create whose transaction rolled back: what lives outside
   * the database goes.
   */
  abstract afterRelease(lb: VipPortUse): Promise<void>;
}
