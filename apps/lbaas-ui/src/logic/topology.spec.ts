import type { StatusTreeLoadBalancer } from './api-types';
import { COLUMN_WIDTH, HEADER_HEIGHT, layoutTopology, ROW_HEIGHT } from './topology';

function tree(id: string, members: string[]): StatusTreeLoadBalancer {
  const node = (nodeId: string, name: string) => ({
    id: nodeId,
    name,
    provisioning_status: 'ACTIVE',
    operating_status: 'ONLINE',
  });
  return {
    ...node(id, `lb-${id}`),
    listeners: [
      {
        ...node(`${id}-l`, ''),
        pools: [
          {
            ...node(`${id}-p`, 'web servers'),
            members: members.map((m) => ({ ...node(m, m), address: '198.51.100.10', protocol_port: 80 })),
          },
        ],
      },
    ],
  };
}

describe('layoutTopology', () => {
  const picture = layoutTopology({
    agents: [
      { id: 'a1', host: 'net-1', alive: true },
      { id: 'a2', host: 'net-2', alive: false },
    ],
    loadBalancers: [
      { tree: tree('lb1', ['web1', 'web2']), agentIds: ['a1', 'a2'] },
      { tree: tree('lb2', ['web3']), agentIds: [] },
    ],
  });
  const node = (id: string) => picture.nodes.find((n) => n.id === id)!;

  it('places agents, load balancers, pools and members in four columns', () => {
    expect(['agent:a1', 'loadbalancer:lb1', 'pool:lb1-p', 'member:web1'].map((id) => node(id).x)).toEqual([
      24,
      24 + COLUMN_WIDTH,
      24 + 2 * COLUMN_WIDTH,
      24 + 3 * COLUMN_WIDTH,
    ]);
  });

  it('draws each object once, linked to every agent that runs it', () => {
    expect(picture.nodes.filter((n) => n.kind === 'loadbalancer')).toHaveLength(2);
    expect(picture.edges).toEqual(
      expect.arrayContaining([
        { from: 'agent:a1', to: 'loadbalancer:lb1' },
        { from: 'agent:a2', to: 'loadbalancer:lb1' },
        { from: 'loadbalancer:lb1', to: 'pool:lb1-p' },
        { from: 'pool:lb1-p', to: 'member:web2' },
      ]),
    );
    expect(picture.edges.filter((e) => e.to === 'loadbalancer:lb1')).toHaveLength(2);
  });

  it('colours an agent by liveness and keeps an unplaced load balancer', () => {
    expect(node('agent:a2').statuses).toEqual(['OFFLINE']);
    expect(node('loadbalancer:lb2').y).toBe(24 + HEADER_HEIGHT + ROW_HEIGHT);
    expect(node('member:web3').label).toBe('web3');
  });

  it('is as tall as its longest column', () => {
    expect(picture.height).toBe(48 + HEADER_HEIGHT + 3 * ROW_HEIGHT);
  });
});
