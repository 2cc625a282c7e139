/** An API error split into messages for the form's fields and the rest (shown above the form). */
export interface FieldErrors {
  fields: Record<string, string>;
  general: string[];
}

/** The field an API message names: its three phrasings (validation pipe, Octavia's value sets, services). */
function namedPath(message: string): string | undefined {
  return (
    /^Invalid input for field\/attribute ([\w.]+)\./.exec(message)?.[1] ??
    /^Invalid input for ([\w.]+):/.exec(message)?.[1] ??
    /^Unrecognized attribute '([\w.]+)'/.exec(message)?.[1]
  );
}

/**
 * The form field a path names: the field itself, or the one the path ends with (services name a field
 * without its envelope, e.g. `vip_address` for `loadbalancer.vip_address`), the shortest such first.
 */
function formField(path: string, knownFields: readonly string[]): string | undefined {
  if (knownFields.includes(path)) return path;
  return knownFields.filter((field) => field.endsWith(`.${path}`)).sort((a, b) => a.length - b.length)[0];
}

/**
 * Places the API's 4xx message (`faultstring`: one or more rules separated by "; ") at the fields it
 * names; anything naming no known field stays general.
 */
export function fieldErrors(faultstring: string, knownFields: readonly string[]): FieldErrors {
  const result: FieldErrors = { fields: {}, general: [] };
  for (const message of faultstring.split('; ').filter((part) => part.trim() !== '')) {
    const path = namedPath(message);
    const field = path === undefined ? undefined : formField(path, knownFields);
    if (field === undefined) result.general.push(message);
    else result.fields[field] = result.fields[field] ? `${result.fields[field]}; ${message}` : message;
  }
  return result;
}
