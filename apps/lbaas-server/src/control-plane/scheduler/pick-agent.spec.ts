import { pickAgent } from './pick-agent';

describe('pickAgent', () => {
  const candidates = [
    { id: 'a', load: 3 },
    { id: 'b', load: 1 },
    { id: 'c', load: 1 },
    { id: 'd', load: 5 },
  ];

  it('finds nothing without candidates', () => {
    expect(pickAgent([], 'least_loaded')).toBeUndefined();
    expect(pickAgent([], 'chance')).toBeUndefined();
  });

  it('least_loaded picks among the agents with the fewest load balancers', () => {
    expect(pickAgent(candidates, 'least_loaded', () => 0)).toBe('b');
    expect(pickAgent(candidates, 'least_loaded', () => 0.99)).toBe('c');
  });

  it('chance may pick any agent', () => {
    expect(pickAgent(candidates, 'chance', () => 0)).toBe('a');
    expect(pickAgent(candidates, 'chance', () => 0.99)).toBe('d');
  });

  it('spreads load balancers evenly when they are scheduled one after another', () => {
    const loads = [
      { id: 'a', load: 0 },
      { id: 'b', load: 0 },
    ];
    for (let i = 0; i < 10; i++) {
      const chosen = pickAgent(loads, 'least_loaded')!;
      loads.find((c) => c.id === chosen)!.load++;
    }
    expect(loads.map((c) => c.load)).toEqual([5, 5]);
  });
});
