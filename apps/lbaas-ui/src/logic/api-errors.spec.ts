import { fieldErrors } from './api-errors';

const FIELDS = [
  'loadbalancer.name',
  'loadbalancer.vip_subnet_id',
  'loadbalancer.vip_address',
  'loadbalancer.listeners.0.protocol_port',
  'loadbalancer.listeners.0.protocol',
  'loadbalancer.listeners.0.default_pool.members.1.address',
];

describe('fieldErrors', () => {
  it('places a validation message at the field its path names', () => {
    expect(
      fieldErrors(
        'Invalid input for loadbalancer.listeners.0.protocol_port: protocol_port must not be greater than 65535',
        FIELDS,
      ),
    ).toEqual({
      fields: {
        'loadbalancer.listeners.0.protocol_port':
          'Invalid input for loadbalancer.listeners.0.protocol_port: protocol_port must not be greater than 65535',
      },
      general: [],
    });
  });

  it("reads Octavia's value-set phrasing and a service's bare field name", () => {
    const result = fieldErrors(
      "Invalid input for field/attribute protocol. Value: 'SCTP'. Value should be one of: HTTP, TCP; " +
        'Invalid input for vip_address: 198.51.100.5 is in use',
      FIELDS,
    );
    expect(Object.keys(result.fields)).toEqual([
      'loadbalancer.listeners.0.protocol',
      'loadbalancer.vip_address',
    ]);
    expect(result.general).toEqual([]);
  });

  it('places a member row error at that row', () => {
    const result = fieldErrors(
      'Invalid input for loadbalancer.listeners.0.default_pool.members.1.address: address must be an IP address',
      FIELDS,
    );
    expect(result.fields['loadbalancer.listeners.0.default_pool.members.1.address']).toMatch(/IP address/);
  });

  it('keeps messages that name no field of the form as general ones', () => {
    expect(fieldErrors('Quota has been met for resources: loadbalancer', FIELDS)).toEqual({
      fields: {},
      general: ['Quota has been met for resources: loadbalancer'],
    });
    expect(fieldErrors("Unrecognized attribute 'loadbalancer.colour'", FIELDS).general).toHaveLength(1);
  });
});
