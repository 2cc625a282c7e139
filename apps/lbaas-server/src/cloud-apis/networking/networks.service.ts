import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { owningProject } from '../../platform/rest/ownership';
import type { ResourceBody } from '../../platform/rest/resource-body.dto';
import { NetworkEntity } from './network.entity';
import type { CreateNetworkBody } from './networking.dto';
import { findResource } from './networking-lookups';
import { networkView, type NetworkView } from './networking.views';
import { PortEntity } from './port.entity';
import { SubnetEntity } from './subnet.entity';
import { ApiError } from '../../platform/api-errors/api-error';

const MAX_SEGMENTATION_ID = 4094;
/** Serialises segmentation id allocation (any constant; only this code path takes it). */
const SEGMENTATION_LOCK = 7_140_301;

/** neutron's networks, each with the VLAN segmentation id the agents tag its ports with. */
@Injectable()
export class NetworksService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
    const network = await findResource(this.dataSource.manager, caller, 'Network', id);
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
    const network = await findResource(this.dataSource.manager, caller, 'Network', id);
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
      const network = await findResource(manager, caller, 'Network', id, true);
      const ports = await manager.countBy(PortEntity, { networkId: network.id });
      if (ports > 0) {
        throw new ApiError(
          'NetworkInUse',
          `Unable to complete operation on network ${id}. There are one or more ports still in use on the network.`,
        );
      }
      await manager.delete(SubnetEntity, { networkId: id });
      await manager.delete(NetworkEntity, { id });
    });
  }
}
