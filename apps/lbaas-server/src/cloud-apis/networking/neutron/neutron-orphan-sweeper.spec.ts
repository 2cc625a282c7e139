import type { DataSource } from 'typeorm';
import type { ServerConfig } from '../../../platform/config/server.config';
import type { NeutronClient } from './neutron-client';
import type { NeutronNetworkDriver } from './neutron.network-driver';
import { NeutronOrphanSweeper, ORPHAN_GRACE_MS } from './neutron-orphan-sweeper.service';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const OLD = new Date(NOW - ORPHAN_GRACE_MS - 1000).toISOString();
const YOUNG = new Date(NOW - 1000).toISOString();
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A Neutron with these ports and groups, and a database that knows the ports `known` (VIPs of load balancers `live`). */
function sweeper(neutron: { ports: object[]; groups: object[] }, known: string[], live: string[]) {
  const released: string[] = [];
  const groupsDeleted: string[] = [];
  const client = {
    get: jest.fn((path: string) =>
      Promise.resolve(path === '/ports' ? { ports: neutron.ports } : { security_groups: neutron.groups }),
    ),
  };
  const driver = {
    releasePort: jest.fn((portId: string) => Promise.resolve(void released.push(portId))),
    deleteSecurityGroups: jest.fn((lbId: string) => Promise.resolve(void groupsDeleted.push(lbId))),
  };
  const dataSource = {
    manager: {
      find: jest.fn((_entity: unknown, options: { select: { id?: boolean } }) =>
        Promise.resolve(
          options.select.id ? known.map((portId) => ({ id: portId })) : live.map((lb) => ({ deviceId: lb })),
        ),
      ),
    },
  };
  const service = new NeutronOrphanSweeper(
    { networkDriver: 'neutron', neutronOrphanCleanupInterval: 300 } as ServerConfig,
    client as unknown as NeutronClient,
    driver as unknown as NeutronNetworkDriver,
    dataSource as unknown as DataSource,
  );
  return { service, released, groupsDeleted, client };
}

describe('NeutronOrphanSweeper', () => {
  it('releases old VIP ports and groups of load balancers this server no longer has, and nothing else', async () => {
    const port = (n: number, lb: number, created: string, name = `loadbalancer-${id(lb)}`) => ({
      id: id(n),
      name,
      device_id: id(lb),
      created_at: created,
    });
    const { service, released, groupsDeleted } = sweeper(
      {
        ports: [
          port(1, 101, OLD), // its load balancer is gone: released
          port(2, 102, OLD), // still known here
          port(3, 103, YOUNG), // a create in flight may not have committed its row yet
          port(4, 104, OLD, 'a-tenants-own-port'), // lent by a tenant: never deleted by a guess
          port(5, 101, OLD, `lbaas-vrrp-${id(9)}`), // an ACTIVE_STANDBY instance's port of the gone one
        ],
        groups: [
          { id: 'g1', name: `lb-${id(101)}`, created_at: OLD },
          { id: 'g2', name: `lb-${id(102)}`, created_at: OLD },
          { id: 'g3', name: `lb-${id(105)}`, created_at: YOUNG },
          { id: 'g4', name: 'default', created_at: OLD },
        ],
      },
      [id(2)],
      [id(102)],
    );
    expect(await service.sweepOnce(NOW)).toEqual({ ports: [id(1), id(5)], securityGroups: ['g1'] });
    expect(released).toEqual([id(1), id(5)]);
    expect(groupsDeleted).toEqual([id(101)]);
  });

  it('logs a failure and leaves the rest to the next sweep', async () => {
    const { service, client } = sweeper({ ports: [], groups: [] }, [], []);
    client.get.mockRejectedValueOnce(new Error('Neutron did not answer'));
    expect(await service.sweepOnce(NOW)).toEqual({ ports: [], securityGroups: [] });
  });
});
