import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { findVisible } from '../../platform/rest/project-scope';
import { findResource } from './networking-lookups';
import { portView, type PortView } from './networking.views';
import { PortEntity } from './port.entity';

/** neutron's ports, read-only: the only ports are VIP ports, made and freed by the VIP allocator. */
@Injectable()
export class PortsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listPorts(caller: Caller): Promise<PortView[]> {
    const ports = await findVisible(this.dataSource.manager, caller, PortEntity);
    return ports.map(portView);
  }

  async getPort(caller: Caller, id: string): Promise<PortView> {
    return portView(await findResource(this.dataSource.manager, caller, 'Port', id));
  }
}
