import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ServerConfig } from '../../../platform/config/server.config';
import { PortEntity } from '../port.entity';
import { LOAD_BALANCER_OWNER } from '../vip-allocator.service';
import { NeutronClient } from './neutron-client';
import { NeutronNetworkDriver } from './neutron.network-driver';
import {
  isInstancePortName,
  loadBalancerOfGroup,
  type NeutronPort,
  type NeutronSecurityGroup,
  ownedPortName,
} from './neutron-objects';

/**
 * Younger objects are left alone: a create makes its port in Neutron before its transaction commits the
 * port's row, and a deletion removes the row before the port.
 */
export const ORPHAN_GRACE_MS = 10 * 60 * 1000;

/**
 * network_driver = neutron: every [neutron] orphan_cleanup_interval seconds, ports made for load
 * balancers (device_owner neutron:LOADBALANCERV2, named loadbalancer-<id> for a VIP, lbaas-vrrp-<id>
 * for an ACTIVE_STANDBY instance) and `lb-<id>` security groups
 * whose load balancer this server no longer has are deleted: what a crash or an unreachable Neutron left
 * behind. Idempotent, so every server may run it.
 */
@Injectable()
export class NeutronOrphanSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NeutronOrphanSweeper.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly config: ServerConfig,
    private readonly neutron: NeutronClient,
    private readonly driver: NeutronNetworkDriver,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.networkDriver !== 'neutron' || this.config.neutronOrphanCleanupInterval === 0) return;
    this.timer = setInterval(() => void this.sweepOnce(), this.config.neutronOrphanCleanupInterval * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One sweep; what it deleted. A failure is logged, and the next sweep tries again. */
  async sweepOnce(now = Date.now()): Promise<{ ports: string[]; securityGroups: string[] }> {
    const done = { ports: [] as string[], securityGroups: [] as string[] };
    if (this.running) return done;
    this.running = true;
    try {
      const old = (object: { created_at?: string }) =>
        !object.created_at || now - Date.parse(object.created_at) > ORPHAN_GRACE_MS;
      const { ports } = await this.neutron.get<{ ports: NeutronPort[] }>('/ports', {
        device_owner: LOAD_BALANCER_OWNER,
      });
      const known = await this.knownPorts(ports.map((port) => port.id));
      // Only ports made for a load balancer: a tenant's port lent as a VIP is never deleted by a guess.
      const orphans = ports.filter(
        (port) =>
          (port.name === ownedPortName(port.device_id) || isInstancePortName(port.name)) &&
          !known.has(port.id) &&
          old(port),
      );
      for (const port of orphans) {
        await this.driver.releasePort(port.id, true, port.device_id);
        done.ports.push(port.id);
      }
      const { security_groups: groups } = await this.neutron.get<{
        security_groups: NeutronSecurityGroup[];
      }>('/security-groups', { fields: ['id', 'name', 'created_at'] });
      const inUse = await this.loadBalancersWithPorts();
      for (const group of groups) {
        const loadBalancerId = loadBalancerOfGroup(group.name);
        if (!loadBalancerId || inUse.has(loadBalancerId) || !old(group)) continue;
        await this.driver.deleteSecurityGroups(loadBalancerId);
        done.securityGroups.push(group.id);
      }
      if (done.ports.length + done.securityGroups.length > 0)
        this.logger.log(
          { ports: done.ports, security_groups: done.securityGroups },
          'orphaned Neutron objects of load balancers released',
        );
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'Neutron orphan clean-up failed; retried later');
    } finally {
      this.running = false;
    }
    return done;
  }

  private async knownPorts(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.dataSource.manager.find(PortEntity, {
      where: { id: In(ids) },
      select: { id: true },
    });
    return new Set(rows.map((row) => row.id));
  }

  /** Load balancers whose VIP port row is here (its device_id). */
  private async loadBalancersWithPorts(): Promise<Set<string>> {
    const rows = await this.dataSource.manager.find(PortEntity, {
      where: { deviceOwner: LOAD_BALANCER_OWNER },
      select: { deviceId: true },
    });
    return new Set(rows.map((row) => row.deviceId));
  }
}
