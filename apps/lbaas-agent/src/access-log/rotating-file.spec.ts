import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RotatingFile } from './rotating-file';

describe('RotatingFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lbaas-rotating-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const line = (i: number) => `request ${String(i).padStart(4, '0')} ${'x'.repeat(40)}`; // 51 bytes + newline

  it('never lets a file pass its size, keeps backupCount older files, and the newest lines', async () => {
    const file = new RotatingFile(join(dir, 'lb.log'), 520, 2);
    for (let i = 0; i < 100; i += 7) await file.append(Array.from({ length: 7 }, (_u, k) => line(i + k)));
    expect(readdirSync(dir).sort()).toEqual(['lb.log', 'lb.log.1', 'lb.log.2']);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(520);
    const newest = readFileSync(join(dir, 'lb.log'), 'utf8').trimEnd().split('\n');
    expect(newest.at(-1)).toBe(line(104));
    const previous = readFileSync(join(dir, 'lb.log.1'), 'utf8').trimEnd().split('\n');
    // No line lost between the files: the older one ends where the newer begins.
    expect(Number(previous.at(-1)!.split(' ')[1]) + 1).toBe(Number(newest[0].split(' ')[1]));
  });

  it('keeps only the current file without backups, and cuts a line longer than the limit', async () => {
    const file = new RotatingFile(join(dir, 'lb.log'), 100, 0);
    await file.append([line(1), line(2), line(3)]);
    await file.append(['y'.repeat(500)]);
    expect(readdirSync(dir)).toEqual(['lb.log']);
    expect(readFileSync(join(dir, 'lb.log'), 'utf8')).toBe(`${'y'.repeat(99)}\n`);
  });

  it('continues a file left by an earlier run, and removes every file on request', async () => {
    await new RotatingFile(join(dir, 'lb.log'), 120, 1).append([line(1)]);
    const again = new RotatingFile(join(dir, 'lb.log'), 120, 1);
    await again.append([line(2), line(3)]);
    expect(readFileSync(join(dir, 'lb.log.1'), 'utf8')).toBe(`${line(1)}\n${line(2)}\n`);
    await again.remove();
    expect(readdirSync(dir)).toEqual([]);
  });
});
