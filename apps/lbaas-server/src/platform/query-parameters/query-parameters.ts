/**
 * Query parameters outside lists (pure). Octavia refuses an argument a request does not take, so does this
 * API: every route names the parameters it honours, and anything else is a 400 naming it.
 */

export type RawQueryValue = string | string[] | undefined;

/** A bad query parameter: 400, naming the parameter and the rule. */
export class QueryParameterError extends Error {}

/** The names in `query` that the route does not take, in the order given. */
export function unknownParameters(query: Record<string, unknown>, accepted: readonly string[]): string[] {
  return Object.keys(query).filter((name) => !accepted.includes(name));
}

export function assertOnlyAccepted(query: Record<string, unknown>, accepted: readonly string[]): void {
  const unknown = unknownParameters(query, accepted);
  if (unknown.length === 0) return;
  const takes = accepted.length > 0 ? `it takes ${accepted.join(', ')}` : 'it takes none';
  throw new QueryParameterError(
    `Unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}: ${takes}`,
  );
}

// oslo's bool_from_string spellings; Octavia reads its boolean parameters with it.
const TRUE = new Set(['true', 't', '1', 'yes', 'y', 'on']);
const FALSE = new Set(['false', 'f', '0', 'no', 'n', 'off']);

/** A boolean parameter as Octavia (oslo) spells one; absent = false; anything else a 400. */
export function parseBooleanParameter(name: string, raw: RawQueryValue): boolean {
  if (raw === undefined) return false;
  if (Array.isArray(raw)) throw new QueryParameterError(`${name} may be given only once`);
  const value = raw.toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new QueryParameterError(`Invalid input for query parameter ${name}: "${raw}" is not true or false`);
}

/** `fields=a,b&fields=c` -> [a, b, c]; none -> undefined. */
export function requestedFields(raw: RawQueryValue): string[] | undefined {
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const fields = values.flatMap((value) => value.split(',')).filter((field) => field !== '');
  return fields.length > 0 ? fields : undefined;
}

function projectOne(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  for (const field of fields) {
    if (!(field in item))
      throw new QueryParameterError(`fields: "${field}" is not an attribute of this resource`);
  }
  return Object.fromEntries(fields.map((field) => [field, item[field]]));
}

/** Only the requested attributes of one object or of each object of a collection. */
export function projectFields(value: unknown, fields: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => projectOne(item as Record<string, unknown>, fields));
  return projectOne(value as Record<string, unknown>, fields);
}
