import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MachineLocks } from './machine-locks';

describe('MachineLocks', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lbaas-locks-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Two agents of one machine: separate instances over one directory. */
  const twoAgents = () => [new MachineLocks(dir), new MachineLocks(dir)];
  const step = (events: string[], name: string) => async () => {
    events.push(`${name} start`);
    await new Promise((resolve) => setTimeout(resolve, 30));
    events.push(`${name} end`);
  };

  it('runs one agent at a time on the same load balancer', async () => {
    const [a, b] = twoAgents();
    const events: string[] = [];
    await Promise.all([a.run('lb-1', step(events, 'a')), b.run('lb-1', step(events, 'b'))]);
    const first = events[0].split(' ')[0];
    const second = first === 'a' ? 'b' : 'a';
    expect(events).toEqual([`${first} start`, `${first} end`, `${second} start`, `${second} end`]);
  });

  it('lets different load balancers go at once', async () => {
    const [a, b] = twoAgents();
    const events: string[] = [];
    await Promise.all([a.run('lb-1', step(events, 'a')), b.run('lb-2', step(events, 'b'))]);
    expect(events.slice(0, 2).sort()).toEqual(['a start', 'b start']);
  });

  it('frees the lock when the work fails', async () => {
    const [a, b] = twoAgents();
    await expect(a.run('lb-1', () => Promise.reject(new Error('deploy failed')))).rejects.toThrow(
      'deploy failed',
    );
    await expect(b.run('lb-1', () => Promise.resolve('taken'))).resolves.toBe('taken');
  });
});
