import type { ApiError } from '../api-errors/api-error';
import type { EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { Caller } from '../auth/caller';
import type { ListQuery } from '../listing/list-query';
import { type ListScope, readListPage, type RowPage } from '../listing/read-list-page';
import { type ListColumns, ROW } from '../listing/sql-list';

/** What the look-ups need of a row: its id, its owner and its age. */
interface OwnedRow {
  id: string;
  projectId: string;
  createdAt: Date;
}

/** Every row of `entity` the caller may see: its project's, or all of them for an admin. Oldest first. */
export function findVisible<T extends OwnedRow>(
  manager: EntityManager,
  caller: Caller,
  entity: EntityTarget<T>,
): Promise<T[]> {
  const where = (caller.seesAllProjects ? {} : { projectId: caller.projectId }) as FindOptionsWhere<T>;
  return manager.find(entity, { where, order: { createdAt: 'ASC' } as FindOptionsOrder<T> });
}

/** One row the caller may see, else `notFound` (another project's object does not exist for the caller). */
export async function findOwned<T extends OwnedRow>(
  manager: EntityManager,
  caller: Caller,
  entity: EntityTarget<T>,
  id: string,
  notFound: (id: string) => ApiError,
): Promise<T> {
  const row = await manager.findOneBy(entity, { id } as FindOptionsWhere<T>);
  if (!row || !caller.canAccess(row.projectId)) throw notFound(id);
  return row;
}

/** `findVisible`'s rule for lists read in SQL: the caller's project's rows, or all of them for an admin. */
export function visibleRows(caller: Caller): ListScope[] {
  return caller.seesAllProjects
    ? []
    : [
        {
          condition: `${ROW}.project_id = :caller_project`,
          parameters: { caller_project: caller.projectId },
        },
      ];
}

/** One page of the rows of `entity` the caller may see, read in SQL (readListPage: undefined if it cannot). */
export function readVisiblePage<E extends ObjectLiteral>(
  manager: EntityManager,
  caller: Caller,
  entity: EntityTarget<E>,
  columns: ListColumns,
  query: ListQuery,
): Promise<RowPage<E> | undefined> {
  return readListPage(manager, entity, columns, query, visibleRows(caller));
}
