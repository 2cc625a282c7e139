import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';
import { type ListQuery, ListQueryError } from './list-query';
import { isApiUuid, type ListColumns, planSqlList, ROW } from './sql-list';

/** A condition every listed row meets whatever the query (the caller's project, the parent's id). */
export interface ListScope {
  condition: string;
  parameters?: Record<string, unknown>;
}

/** Values read with each row besides its columns, by the name they get in it: SQL on the row's alias. */
export type RowExtras = Record<string, (alias: string) => string>;

/** One page of rows, in the order asked for; `more` says whether rows follow it (in reading order). */
export interface RowPage<E> {
  rows: E[];
  more: boolean;
}

/**
 * Reads only the rows of the page a list query asks for: filters, order, marker and limit in SQL.
 * Undefined when the query needs what is not a column (the caller then lists from the views).
 * A marker that is not a row of the filtered list is a 400, as with the views.
 */
export async function readListPage<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  columns: ListColumns,
  query: ListQuery,
  scope: ListScope[],
  extras: RowExtras = {},
  idKey = 'id',
): Promise<RowPage<E> | undefined> {
  const metadata = manager.connection.getMetadata(entity);
  const table = metadata.tableName;
  const plan = planSqlList(query, table, columns, idKey);
  if (!plan) return undefined;
  const rowsInList = () => {
    const builder = manager.createQueryBuilder(entity, ROW);
    for (const { condition, parameters } of scope) builder.andWhere(condition, parameters);
    for (const filter of plan.filters) builder.andWhere(filter, plan.parameters);
    return builder;
  };
  if (query.marker !== undefined) {
    const id = columns[idKey];
    const listed =
      (id.kind !== 'uuid' || isApiUuid(query.marker)) &&
      (await rowsInList()
        .andWhere(`${id.sql(ROW)} = :list_marker`, { list_marker: query.marker })
        .getExists());
    if (!listed) throw new ListQueryError(`marker ${query.marker} is not an item of this list`);
  }
  // Plain rows shaped like the entity: building entities costs more than the query on long lists.
  const builder = rowsInList().select([]);
  for (const { databaseName, propertyName } of metadata.columns) {
    builder.addSelect(`${ROW}.${databaseName}`, propertyName);
  }
  for (const [name, sql] of Object.entries(extras)) builder.addSelect(sql(ROW), name);
  if (plan.afterMarker) builder.andWhere(plan.afterMarker, plan.parameters);
  plan.order.forEach(({ expression, direction, nulls }, index) =>
    index === 0
      ? builder.orderBy(expression, direction, nulls)
      : builder.addOrderBy(expression, direction, nulls),
  );
  if (plan.take !== undefined) builder.limit(plan.take);
  const rows: E[] = await builder.getRawMany();
  // Raw rows skip the columns' transformers (e.g. a monitor's http_version stored as text): apply them.
  const transformed = metadata.columns.filter((column) => column.transformer);
  for (const row of rows as Record<string, unknown>[]) {
    for (const { propertyName, transformer } of transformed)
      row[propertyName] = ApplyValueTransformers.transformFrom(transformer!, row[propertyName]);
  }
  const more = plan.take !== undefined && rows.length === plan.take;
  const page = more ? rows.slice(0, -1) : rows;
  return { rows: query.pageReverse ? page.reverse() : page, more };
}
