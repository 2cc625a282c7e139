import { parseFlavorData } from './flavor-data';

describe('parseFlavorData', () => {
  it('reads the tunables and the topology', () => {
    expect(
      parseFlavorData('haproxy', '{"loadbalancer_topology": "SINGLE", "maxconn": 5000, "nbthread": 2}'),
    ).toEqual({ topology: 'SINGLE', tuning: { maxconn: 5000, nbthread: 2 } });
    expect(parseFlavorData('haproxy', '{"loadbalancer_topology": "ACTIVE_STANDBY"}')).toEqual({
      topology: 'ACTIVE_STANDBY',
      tuning: {},
    });
    expect(parseFlavorData('haproxy', '{}')).toEqual({ topology: undefined, tuning: {} });
  });

  it.each([
    ['not json', 'flavor_data must be a JSON object'],
    ['[1]', 'flavor_data must be a JSON object'],
    [
      '{"compute_flavor": "m1"}',
      'flavor_data: compute_flavor is not a flavor capability of provider haproxy (loadbalancer_topology, maxconn, nbthread)',
    ],
    [
      '{"loadbalancer_topology": "ACTIVE_PASSIVE"}',
      'flavor_data: loadbalancer_topology must be SINGLE or ACTIVE_STANDBY',
    ],
    ['{"maxconn": 0}', 'flavor_data: maxconn must be an integer from 1 to 1000000'],
    ['{"maxconn": "5000\\n    server evil"}', 'flavor_data: maxconn must be an integer from 1 to 1000000'],
    ['{"nbthread": 2.5}', 'flavor_data: nbthread must be an integer from 1 to 64'],
  ])('refuses %s', (data, message) => {
    expect(() => parseFlavorData('haproxy', data)).toThrow(message);
  });
});
