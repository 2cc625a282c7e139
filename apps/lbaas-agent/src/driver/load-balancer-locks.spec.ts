import { LoadBalancerLocks } from './load-balancer-locks';

describe('LoadBalancerLocks', () => {
  it('runs work on one load balancer one after another, and other load balancers alongside', async () => {
    const locks = new LoadBalancerLocks();
    const events: string[] = [];
    const step = (name: string, ms: number) => () =>
      new Promise<void>((resolve) => {
        events.push(`${name} start`);
        setTimeout(() => {
          events.push(`${name} end`);
          resolve();
        }, ms);
      });
    await Promise.all([
      locks.run('a', step('a1', 20)),
      locks.run('a', step('a2', 1)),
      locks.run('b', step('b1', 5)),
    ]);
    expect(events.indexOf('a1 end')).toBeLessThan(events.indexOf('a2 start'));
    expect(events.indexOf('b1 start')).toBeLessThan(events.indexOf('a1 end'));
  });

  it('keeps going after a failed piece of work', async () => {
    const locks = new LoadBalancerLocks();
    await expect(locks.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(locks.run('a', () => Promise.resolve(42))).resolves.toBe(42);
  });
});
