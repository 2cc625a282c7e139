import { Column, Entity } from 'typeorm';
import type { Topology } from './load-balancer-instance.entity';
import { ProvisionedResource } from './provisioned-resource';

@Entity({ name: 'load_balancers' })
export class LoadBalancerEntity extends ProvisionedResource {
  @Column({ name: 'vip_subnet_id', type: 'uuid' })
  vipSubnetId!: string;

  @Column({ name: 'vip_network_id', type: 'uuid' })
  vipNetworkId!: string;

  @Column({ name: 'vip_address', type: 'varchar', length: 64 })
  vipAddress!: string;

  @Column({ name: 'vip_port_id', type: 'uuid' })
  vipPortId!: string;

  /** False when the tenant gave the port (vip_port_id): it is then given back, not deleted, at the end. */
  @Column({ name: 'vip_port_owned', type: 'boolean', default: true })
  vipPortOwned!: boolean;

  @Column({ type: 'varchar', length: 64 })
  provider!: string;

  @Column({ name: 'flavor_id', type: 'uuid', nullable: true })
  flavorId!: string | null;

  /** Its availability zone's name (Octavia 2.14): the scheduler keeps it on that zone's agents. */
  @Column({ name: 'availability_zone', type: 'varchar', length: 255, nullable: true })
  availabilityZone!: string | null;

  /** SINGLE, or ACTIVE_STANDBY (two instances: load_balancer_instances), from its flavor or the default. */
  @Column({ type: 'varchar', length: 16, default: 'SINGLE' })
  topology!: Topology;

  /**
   * The agent hosting it (haproxy provider, SINGLE); every change goes to that agent only. ACTIVE_STANDBY:
   * null, its instances' agents host it.
   */
  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId!: string | null;

  /**
   * Set with every pending change (and new load balancers start with it). With network_driver = neutron
   * the deployer clears it once the port is prepared in Neutron, and an agent's report does not settle
   * the change before that; with builtin nothing reads it (there is nothing to prepare).
   */
  @Column({ name: 'network_pending', type: 'boolean', default: true })
  networkPending!: boolean;

  /**
   * Bumped by the database on every write of the load balancer or its graph (migration
   * 1764800008000): the agents' periodic pass fetches only graphs whose revision moved. Never written here.
   */
  @Column({ type: 'bigint', insert: false, update: false })
  revision!: string;
}
