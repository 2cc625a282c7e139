import {
  assertOnlyAccepted,
  parseBooleanParameter,
  projectFields,
  QueryParameterError,
  requestedFields,
} from './query-parameters';

describe('query parameters a route does not take', () => {
  it('passes the accepted ones and refuses any other, naming it and what the route takes', () => {
    expect(() => assertOnlyAccepted({ cascade: 'true' }, ['cascade'])).not.toThrow();
    expect(() => assertOnlyAccepted({}, [])).not.toThrow();
    expect(() => assertOnlyAccepted({ cascade: 'true' }, [])).toThrow(
      'Unknown query parameter "cascade": it takes none',
    );
    expect(() => assertOnlyAccepted({ fields: 'id', colour: 'red' }, ['fields'])).toThrow(
      'Unknown query parameter "colour": it takes fields',
    );
  });
});

describe('boolean parameters', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['FALSE', false],
    ['0', false],
    ['no', false],
    [undefined, false],
  ])('%j reads as %j', (raw, expected) => {
    expect(parseBooleanParameter('additive_only', raw)).toBe(expected);
  });

  it.each([['maybe'], [''], [['true', 'false']]])('%j is refused, naming the parameter', (raw) => {
    expect(() => parseBooleanParameter('additive_only', raw)).toThrow(QueryParameterError);
    expect(() => parseBooleanParameter('additive_only', raw)).toThrow(/additive_only/);
  });
});

describe('fields of a single object or of a collection', () => {
  const lb = { id: 'a', name: 'web', vip_address: '198.51.100.5' };

  it('splits on commas and joins repeats', () => {
    expect(requestedFields(undefined)).toBeUndefined();
    expect(requestedFields(['id,name', 'vip_address'])).toEqual(['id', 'name', 'vip_address']);
  });

  it('keeps only the named attributes', () => {
    expect(projectFields(lb, ['id', 'name'])).toEqual({ id: 'a', name: 'web' });
    expect(projectFields([lb, { ...lb, id: 'b' }], ['id'])).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('refuses an attribute the object does not have', () => {
    expect(() => projectFields(lb, ['colour'])).toThrow('fields: "colour" is not an attribute');
  });
});
