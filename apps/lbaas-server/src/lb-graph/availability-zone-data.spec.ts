import { parseAvailabilityZoneData } from './availability-zone-data';

describe('parseAvailabilityZoneData', () => {
  const network = '6B0C3A52-3E58-4F43-9B52-4E2A1BB0E0C1';

  it('reads the compute zone and the VIP networks', () => {
    expect(
      parseAvailabilityZoneData(
        'haproxy',
        JSON.stringify({ compute_zone: 'rack-1', valid_vip_networks: [network] }),
      ),
    ).toEqual({ computeZone: 'rack-1', validVipNetworks: [network.toLowerCase()] });
    expect(parseAvailabilityZoneData('haproxy', '{}')).toEqual({});
  });

  it.each([
    ['not json', 'availability_zone_data must be a JSON object'],
    ['"zone"', 'availability_zone_data must be a JSON object'],
    [
      '{"management_network": "x"}',
      'availability_zone_data: management_network is not an availability zone capability of provider haproxy (compute_zone, valid_vip_networks)',
    ],
    ['{"compute_zone": ""}', 'availability_zone_data: compute_zone must be a zone name'],
    ['{"compute_zone": "a b"}', 'availability_zone_data: compute_zone must be a zone name'],
    ['{"compute_zone": 7}', 'availability_zone_data: compute_zone must be a zone name'],
    ['{"valid_vip_networks": []}', 'valid_vip_networks must be a non-empty list of network IDs'],
    ['{"valid_vip_networks": ["net-1"]}', 'valid_vip_networks must be a non-empty list of network IDs'],
    ['{"valid_vip_networks": "x"}', 'valid_vip_networks must be a non-empty list of network IDs'],
  ])('refuses %s', (data, message) => {
    expect(() => parseAvailabilityZoneData('haproxy', data)).toThrow(message);
  });
});
