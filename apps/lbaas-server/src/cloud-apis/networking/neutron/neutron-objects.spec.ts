import { neutronError } from './neutron-client';
import { loadBalancerOfGroup, ownedPortName, securityGroupName } from './neutron-objects';

describe('names of the Neutron objects of a load balancer', () => {
  const id = '6f0c7a0e-2b1d-4c3e-9f5a-1b2c3d4e5f60';

  it('finds the load balancer of its own security groups only', () => {
    expect(loadBalancerOfGroup(securityGroupName(id))).toBe(id);
    expect(loadBalancerOfGroup('default')).toBeUndefined();
    expect(loadBalancerOfGroup(`lb-${id}-copy`)).toBeUndefined();
    expect(ownedPortName(id)).toBe(`loadbalancer-${id}`);
  });

  it("reads Neutron's error body, or says what else came", () => {
    expect(
      neutronError('{"NeutronError": {"type": "OverQuota", "message": "Quota exceeded", "detail": ""}}', 409),
    ).toEqual({ type: 'OverQuota', message: 'Quota exceeded' });
    expect(neutronError('<html>Bad Gateway</html>', 502)).toEqual({
      type: 'HTTP502',
      message: '<html>Bad Gateway</html>',
    });
    expect(neutronError('', 500)).toEqual({ type: 'HTTP500', message: 'status 500' });
  });
});
