/**
 * For the specs of lists paged in SQL: the answer `pagedListResponse` gives and the one `listResponse`
 * gives over every view, for the same query, so that a spec can demand they be the same.
 */
import { BadRequestException } from '@nestjs/common';
import type { Request } from 'express';
import type { ListQuery } from '../platform/listing/list-query';
import { listResponse, pagedListResponse } from '../platform/listing/list-response';
import type { RowPage } from '../platform/listing/read-list-page';

export type Query = Record<string, string | string[]>;

/** A collection under test: its views, and its pages read in SQL (undefined: not in SQL). */
export interface ListUnderTest<T extends { id: string }> {
  collection: string;
  attributes: ReadonlySet<string>;
  views(): Promise<T[]>;
  page(query: ListQuery): Promise<RowPage<T> | undefined>;
}

const MAX_LIMIT = 1000;

/** An express request as far as the list answers read it. */
function request(collection: string, query: Query): Request {
  const pairs = Object.entries(query).flatMap(([k, v]): [string, string][] =>
    Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]],
  );
  return {
    query,
    originalUrl: `/v2/lbaas/${collection}?${String(new URLSearchParams(pairs))}`,
    protocol: 'http',
    get: () => 'api.test',
  } as unknown as Request;
}

/** The query of a page link (a repeated parameter as a list, as express parses it). */
function linkQuery(href: string): Query {
  const query: Query = {};
  for (const [name, value] of new URL(href).searchParams) {
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return query;
}

/** Both answers (or both refusals, as `{ refused }`) for one query; `inSql`: whether SQL paged it. */
export async function bothAnswers<T extends { id: string }>(list: ListUnderTest<T>, query: Query) {
  let inSql = false;
  const answer = (work: () => Promise<object>): Promise<object> =>
    work().catch((error: unknown) => {
      if (error instanceof BadRequestException) return { refused: error.message };
      throw error;
    });
  const fromViews = await answer(async () =>
    listResponse(list.collection, await list.views(), request(list.collection, query), MAX_LIMIT, {
      attributes: list.attributes,
    }),
  );
  const fromSql = await answer(() =>
    pagedListResponse(list.collection, request(list.collection, query), MAX_LIMIT, {
      attributes: list.attributes,
      page: async (parsed) => {
        const page = await list.page(parsed);
        inSql = page !== undefined;
        return page;
      },
      all: () => list.views(),
    }),
  );
  return { fromViews, fromSql, inSql };
}

type Answer = Record<string, { id: string; name?: string }[]>;

/** What tells a wrong order apart at a glance. */
function order(collection: string, answer: object): string[] | undefined {
  return (answer as Answer)[collection]?.map((item) => `${item.name}/${item.id.slice(0, 4)}`);
}

/**
 * Demands the same answers for `query` over the whole list, paged in SQL, and then page by page, walking
 * forward by the `next` links from a first page of `pageSize` and back by the `previous` links.
 */
export async function expectSameAnswers<T extends { id: string }>(
  list: ListUnderTest<T>,
  query: Query,
  pageSize = 4,
): Promise<void> {
  const { collection } = list;
  const whole = await bothAnswers(list, query);
  expect({ query, order: order(collection, whole.fromSql) }).toEqual({
    query,
    order: order(collection, whole.fromViews),
  });
  expect({ query, ...whole.fromSql }).toEqual({ query, ...whole.fromViews });
  expect({ query, inSql: whole.inSql }).toEqual({ query, inSql: true });

  const links = (answer: object) =>
    (answer as Record<string, { rel: string; href: string }[]>)[`${collection}_links`];
  let page = await bothAnswers(list, { ...query, limit: String(pageSize) });
  const forward: string[] = [];
  for (let guard = 0; ; guard++) {
    expect({ query, ...page.fromSql }).toEqual({ query, ...page.fromViews });
    expect(page.fromViews).toHaveProperty(collection);
    forward.push(...(page.fromViews as Answer)[collection].map((item) => item.id));
    const next = links(page.fromViews).find((link) => link.rel === 'next');
    if (!next || guard > 50) break;
    page = await bothAnswers(list, linkQuery(next.href));
  }
  if (!query.fields) expect(forward).toEqual((whole.fromViews as Answer)[collection].map((item) => item.id));
  for (let guard = 0; ; guard++) {
    const previous = links(page.fromViews).find((link) => link.rel === 'previous');
    if (!previous || guard > 50) break;
    page = await bothAnswers(list, linkQuery(previous.href));
    expect({ query, ...page.fromSql }).toEqual({ query, ...page.fromViews });
  }
}
