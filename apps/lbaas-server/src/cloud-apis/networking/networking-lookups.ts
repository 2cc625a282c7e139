/** What the networks, subnets, ports and VIP allocation share: caller-scoped look-ups and a 400. */
import { BadRequestException } from '@nestjs/common';
import type { EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { IpamError } from './ipam';
import { NetworkEntity } from './network.entity';
import { PortEntity } from './port.entity';
import { SubnetEntity } from './subnet.entity';
import { ApiError } from '../../platform/api-errors/api-error';

const ENTITIES = { Network: NetworkEntity, Subnet: SubnetEntity, Port: PortEntity };
type Kind = keyof typeof ENTITIES;
type Row<K extends Kind> = InstanceType<(typeof ENTITIES)[K]>;

/**
 * One network, subnet or port the caller may see, else neutron's 404 (another project's object does not
 * exist for the caller). `lock` holds the row for the rest of the transaction, so checks against it cannot race.
 */
export async function findResource<K extends Kind>(
  manager: EntityManager,
  caller: Caller,
  kind: K,
  id: string,
  lock = false,
): Promise<Row<K>> {
  const entity = ENTITIES[kind] as EntityTarget<Row<K>>;
  // Locked on its own: PostgreSQL cannot lock the outer-joined side of eager relations (a port's addresses).
  if (lock)
    await manager
      .createQueryBuilder(entity, 'row')
      .select('row.id')
      .where('row.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  const row = await manager.findOne(entity, { where: { id } as FindOptionsWhere<Row<K>> });
  if (!row || !caller.canAccess(row.projectId)) {
    throw new ApiError(`${kind}NotFound`, `${kind} ${id} could not be found.`);
  }
  return row;
}

/** An addressing rule broken by the request is the client's 400, naming the attribute; anything else is rethrown. */
export function badAddressing(error: unknown): never {
  if (error instanceof IpamError)
    throw new BadRequestException(`Invalid input for ${error.field}: ${error.message}`);
  throw error;
}
