import type { EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import type { Caller } from '../platform/auth/caller';
import { LoadBalancerEntity } from './entities/load-balancer.entity';
import { isPending } from './provisioning-states';
import { ApiError } from '../platform/api-errors/api-error';

export function loadBalancerNotFound(id: string): ApiError {
  return new ApiError('LoadBalancerNotFound', `Load Balancer ${id} could not be found.`);
}

/**
 * Locks the load balancer's row for the rest of the transaction: every change of a load balancer or of
 * its children takes this lock first, so changes of one graph never interleave. 404 when absent or not
 * the caller's, 409 while a change is pending.
 */
export async function lockLoadBalancer(
  manager: EntityManager,
  caller: Caller,
  id: string,
): Promise<LoadBalancerEntity> {
  const lb = await manager.findOne(LoadBalancerEntity, {
    where: { id },
    lock: { mode: 'pessimistic_write' },
  });
  if (!lb || !caller.canAccess(lb.projectId)) throw loadBalancerNotFound(id);
  if (isPending(lb.provisioningStatus)) {
    throw new ApiError(
      'LoadBalancerImmutable',
      `Load Balancer ${id} is immutable and cannot be updated while it is ${lb.provisioningStatus}.`,
    );
  }
  return lb;
}

/**
 * A child of the locked load balancer, read again inside the change: a row read before the lock was
 * taken may have been changed or deleted since, and writing it back would undo another change.
 */
export async function lockedChild<T extends { id: string }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  notFound: (id: string) => ApiError,
): Promise<T> {
  const row = await manager.findOneBy(entity, { id } as FindOptionsWhere<T>);
  if (!row) throw notFound(id);
  return row;
}
