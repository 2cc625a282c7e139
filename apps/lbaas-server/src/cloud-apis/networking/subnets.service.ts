import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { findVisible } from '../../platform/rest/project-scope';
import { owningProject } from '../../platform/rest/ownership';
import type { DescribedBody } from '../../platform/rest/resource-body.dto';
import {
  checkAllocationPools,
  checkGateway,
  defaultAllocationPools,
  defaultGateway,
  IpamError,
  parseCidr,
} from './ipam';
import type { CreateSubnetBody } from './networking.dto';
import { badAddressing, findResource } from './networking-lookups';
import { subnetView, type SubnetView } from './networking.views';
import { IpAllocationEntity } from './port.entity';
import { SubnetEntity } from './subnet.entity';
import { ApiError } from '../../platform/api-errors/api-error';

/** neutron's subnets: a CIDR of a network, its gateway and the pools VIP addresses come from. */
@Injectable()
export class SubnetsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listSubnets(caller: Caller): Promise<SubnetView[]> {
    const subnets = await findVisible(this.dataSource.manager, caller, SubnetEntity);
    return subnets.map(subnetView);
  }

  async getSubnet(caller: Caller, id: string): Promise<SubnetView> {
    return subnetView(await findResource(this.dataSource.manager, caller, 'Subnet', id));
  }

  async createSubnet(caller: Caller, body: CreateSubnetBody): Promise<SubnetView> {
    const projectId = owningProject(caller, body);
    const subnet = await this.dataSource.transaction(async (manager) => {
      // Lock the network so two overlapping subnets cannot be added side by side.
      const network = await findResource(manager, caller, 'Network', body.network_id, true);
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
    const subnet = await findResource(this.dataSource.manager, caller, 'Subnet', id);
    subnet.name = body.name ?? subnet.name;
    subnet.description = body.description ?? subnet.description;
    return subnetView(await this.dataSource.getRepository(SubnetEntity).save(subnet));
  }

  async deleteSubnet(caller: Caller, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await findResource(manager, caller, 'Subnet', id, true);
      if ((await manager.countBy(IpAllocationEntity, { subnetId: id })) > 0) {
        throw new ApiError(
          'SubnetInUse',
          `Unable to complete operation on subnet ${id}: One or more ports have an IP allocation from this subnet.`,
        );
      }
      await manager.delete(SubnetEntity, { id });
    });
  }
}
