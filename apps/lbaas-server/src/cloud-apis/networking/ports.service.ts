import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { ApiError } from '../../platform/api-errors/api-error';
import { owningProject } from '../../platform/rest/ownership';
import { findVisible } from '../../platform/rest/project-scope';
import { findResource } from './networking-lookups';
import type { CreatePortBody } from './networking.dto';
import { portView, type PortView } from './networking.views';
import { PortEntity } from './port.entity';
import { VipAllocatorService } from './vip-allocator.service';

/**
 * neutron's ports: VIP ports the server makes for load balancers, and tenants' own ports, which a load
 * balancer may take as its VIP (vip_port_id) and gives back when it goes.
 */
@Injectable()
export class PortsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly allocator: VipAllocatorService,
  ) {}

  async listPorts(caller: Caller): Promise<PortView[]> {
    const ports = await findVisible(this.dataSource.manager, caller, PortEntity);
    return ports.map(portView);
  }

  async getPort(caller: Caller, id: string): Promise<PortView> {
    return portView(await findResource(this.dataSource.manager, caller, 'Port', id));
  }

  async createPort(caller: Caller, body: CreatePortBody): Promise<PortView> {
    const projectId = owningProject(caller, body);
    const [first, ...others] = body.fixed_ips ?? [];
    const { port } = await this.dataSource.transaction((manager) =>
      this.allocator.createPort(
        manager,
        caller,
        projectId,
        {
          networkId: body.network_id,
          subnetId: first?.subnet_id,
          address: first?.ip_address,
          additional: others.map((ip) => ({ subnetId: ip.subnet_id, address: ip.ip_address })),
        },
        {
          subnet: 'fixed_ips[0].subnet_id',
          network: 'network_id',
          address: 'fixed_ips[0].ip_address',
          additional: (index, key) => `fixed_ips[${index + 1}].${key}`,
        },
        { name: body.name ?? '', deviceOwner: '', deviceId: '' },
      ),
    );
    return this.getPort(caller, port.id);
  }

  /** A port a load balancer uses stays (409) until the load balancer is gone. */
  async deletePort(caller: Caller, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const port = await findResource(manager, caller, 'Port', id, true);
      if (port.deviceOwner !== '' || port.deviceId !== '')
        throw new ApiError('PortInUse', `Port ${id} is in use by ${port.deviceOwner} ${port.deviceId}.`);
      await manager.delete(PortEntity, { id });
    });
  }
}
