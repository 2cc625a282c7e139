import { randomUUID } from 'node:crypto';
import type { ListQuery } from '../../platform/listing/list-query';
import { readListPage, type RowPage } from '../../platform/listing/read-list-page';
import { ROW } from '../../platform/listing/sql-list';
import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ProvisioningStatus } from '@lbaas/contracts';
import type { Caller } from '../../platform/auth/caller';
import { newObjectColumns, updatedObjectColumns } from '../../lb-graph/entities/provisioned-resource';
import { IpamError, parseAddress } from '../../cloud-apis/networking/ipam';
import { NetworkDriver } from '../../cloud-apis/networking/network-driver';
import type { PoolEntity } from '../../lb-graph/entities/pool.entity';
import { PoolsService } from '../pools/pools.service';
import { markForDeletion } from '../../lb-graph/cascade';
import { lockedChild } from '../../lb-graph/graph-lock';
import { GraphChangesService } from '../../lb-graph/graph-changes.service';
import { QuotasService } from '../quotas/quotas.service';
import { MemberEntity } from '../../lb-graph/entities/member.entity';
import { MEMBER_COLUMNS, memberView, type MemberView } from './member.view';
import type { CreateMemberBody, UpdateMemberBody } from './members.dto';
import { ApiError } from '../../platform/api-errors/api-error';

function memberNotFound(id: string): ApiError {
  return new ApiError('MemberNotFound', `Member ${id} could not be found.`);
}

function normalisedAddress(address: string, field: string): string {
  try {
    return parseAddress(address, field).text;
  } catch (error) {
    if (error instanceof IpamError)
      throw new BadRequestException(`Invalid input for ${field}: ${error.message}`);
    throw error;
  }
}

function updatedColumns(body: UpdateMemberBody, member: MemberEntity): Partial<MemberEntity> {
  return {
    ...updatedObjectColumns(member, body),
    weight: body.weight ?? member.weight,
    backup: body.backup ?? member.backup,
    monitorAddress:
      body.monitor_address === undefined
        ? member.monitorAddress
        : body.monitor_address && normalisedAddress(body.monitor_address, 'monitor_address'),
    monitorPort: body.monitor_port === undefined ? member.monitorPort : body.monitor_port,
  };
}

@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly graph: GraphChangesService,
    private readonly pools: PoolsService,
    private readonly network: NetworkDriver,
    private readonly quotas: QuotasService,
  ) {}

  async list(caller: Caller, poolId: string): Promise<MemberView[]> {
    await this.pools.find(caller, poolId);
    const members = await this.dataSource
      .getRepository(MemberEntity)
      .find({ where: { poolId }, order: { createdAt: 'ASC' } });
    return members.map(memberView);
  }

  /** One page of the pool's members, read in SQL; undefined when the query needs more than columns. */
  async page(caller: Caller, poolId: string, query: ListQuery): Promise<RowPage<MemberView> | undefined> {
    await this.pools.find(caller, poolId);
    const page = await readListPage(this.dataSource.manager, MemberEntity, MEMBER_COLUMNS, query, [
      { condition: `${ROW}.pool_id = :pool_id`, parameters: { pool_id: poolId } },
    ]);
    return page && { rows: page.rows.map(memberView), more: page.more };
  }

  async get(caller: Caller, poolId: string, id: string): Promise<MemberView> {
    return memberView(await this.find(caller, poolId, id));
  }

  async create(caller: Caller, poolId: string, body: CreateMemberBody): Promise<MemberView> {
    const pool = await this.pools.find(caller, poolId);
    if (body.subnet_id) await this.network.checkMemberSubnet(caller, body.subnet_id);
    const id = randomUUID();
    await this.graph.change(caller, pool.loadbalancerId, (manager) =>
      this.insertMember(manager, pool, body, id),
    );
    return this.get(caller, poolId, id);
  }

  async update(caller: Caller, poolId: string, id: string, body: UpdateMemberBody): Promise<MemberView> {
    await this.find(caller, poolId, id);
    const pool = await this.pools.find(caller, poolId);
    await this.graph.change(caller, pool.loadbalancerId, async (manager) => {
      const member = await lockedChild(manager, MemberEntity, id, memberNotFound);
      await manager.update(
        MemberEntity,
        { id },
        { ...updatedColumns(body, member), provisioningStatus: ProvisioningStatus.PendingUpdate },
      );
    });
    return this.get(caller, poolId, id);
  }

  async delete(caller: Caller, poolId: string, id: string): Promise<void> {
    await this.find(caller, poolId, id);
    const pool = await this.pools.find(caller, poolId);
    await this.graph.change(caller, pool.loadbalancerId, async (manager) => {
      await markForDeletion(manager, 'member', id);
    });
  }

  /**
   * Octavia's batch update. Listed members that exist (same address and port) are updated and new ones
   * added; with `additiveOnly` every other member stays, without it the list is the pool's whole new
   * member list and the members not in it are deleted.
   */
  async replace(
    caller: Caller,
    poolId: string,
    wanted: CreateMemberBody[],
    additiveOnly = false,
  ): Promise<void> {
    const pool = await this.pools.find(caller, poolId);
    const keyOf = (address: string, port: number) => `${normalisedAddress(address, 'address')}:${port}`;
    const wantedKeys = wanted.map((m) => keyOf(m.address, m.protocol_port));
    const duplicate = wantedKeys.find((key, index) => wantedKeys.indexOf(key) !== index);
    if (duplicate) throw new BadRequestException(`Invalid input for members: ${duplicate} is listed twice`);
    for (const member of wanted)
      if (member.subnet_id) await this.network.checkMemberSubnet(caller, member.subnet_id);
    await this.graph.change(caller, pool.loadbalancerId, async (manager) => {
      const existing = await manager.findBy(MemberEntity, { poolId });
      const existingByKey = new Map(existing.map((m) => [`${m.address}:${m.protocolPort}`, m]));
      const additions = wanted.filter((_m, index) => !existingByKey.has(wantedKeys[index]));
      await this.quotas.assertBelowQuota(manager, pool.projectId, 'member', additions.length);
      for (const [index, body] of wanted.entries()) {
        const current = existingByKey.get(wantedKeys[index]);
        if (current) {
          await manager.update(
            MemberEntity,
            { id: current.id },
            {
              ...updatedColumns(body, current),
              provisioningStatus: ProvisioningStatus.PendingUpdate,
            },
          );
        } else {
          await this.insertMember(manager, pool, body, randomUUID(), false);
        }
      }
      if (additiveOnly) return;
      for (const member of existing.filter((m) => !wantedKeys.includes(`${m.address}:${m.protocolPort}`))) {
        await markForDeletion(manager, 'member', member.id);
      }
    });
  }

  /** Adds a member to a pool whose load balancer the caller's transaction has locked. */
  async insertMember(
    manager: EntityManager,
    pool: PoolEntity,
    body: CreateMemberBody,
    id: string = randomUUID(),
    checkQuota = true,
  ): Promise<void> {
    if (checkQuota) await this.quotas.assertBelowQuota(manager, pool.projectId, 'member');
    const address = normalisedAddress(body.address, 'address');
    if (
      await manager.existsBy(MemberEntity, { poolId: pool.id, address, protocolPort: body.protocol_port })
    ) {
      throw new ApiError(
        'DuplicateMember',
        `Member with address ${address} and protocol_port ${body.protocol_port} already present in pool ${pool.id}`,
      );
    }
    await manager.insert(MemberEntity, {
      id,
      ...newObjectColumns(pool.projectId, body),
      poolId: pool.id,
      address,
      protocolPort: body.protocol_port,
      weight: body.weight ?? 1,
      subnetId: body.subnet_id ?? null,
      backup: body.backup ?? false,
      monitorAddress: body.monitor_address
        ? normalisedAddress(body.monitor_address, 'monitor_address')
        : null,
      monitorPort: body.monitor_port ?? null,
    });
  }

  private async find(caller: Caller, poolId: string, id: string): Promise<MemberEntity> {
    await this.pools.find(caller, poolId);
    const member = await this.dataSource.getRepository(MemberEntity).findOneBy({ id, poolId });
    if (!member) throw memberNotFound(id);
    return member;
  }
}
