import { appendFile, rename, rm, stat } from 'node:fs/promises';

/**
 * An append-only log file that never grows past `maxBytes`: before a write would take it over, it becomes
 * `<path>.1` (the older ones shift up to `<path>.<backupCount>`, the oldest goes). Writes run one at a time.
 */
export class RotatingFile {
  private size?: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly maxBytes: number,
    private readonly backupCount: number,
  ) {}

  /** Appends whole lines; one longer than the limit is cut to it (a bound is a bound). */
  append(lines: string[]): Promise<void> {
    const run = this.queue.then(() => this.write(lines));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once the writes asked for so far are done. */
  flush(): Promise<void> {
    return this.queue;
  }

  /** Removes the file and its backups (after the writes under way). */
  remove(): Promise<void> {
    const run = this.queue.then(async () => {
      for (let i = 0; i <= this.backupCount; i++) await rm(this.nameOf(i), { force: true });
      this.size = 0;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(lines: string[]): Promise<void> {
    this.size ??= (await stat(this.path).catch(() => undefined))?.size ?? 0;
    let batch = '';
    for (const line of lines) {
      let text = `${line}\n`;
      if (Buffer.byteLength(text) > this.maxBytes)
        text = `${Buffer.from(line)
          .subarray(0, this.maxBytes - 1)
          .toString('utf8')
          .replace(/\uFFFD$/, '')}\n`;
      const bytes = Buffer.byteLength(text);
      if (this.size + Buffer.byteLength(batch) + bytes > this.maxBytes) {
        if (batch) await appendFile(this.path, batch, { mode: 0o640 });
        batch = '';
        await this.rotate();
      }
      batch += text;
    }
    if (batch) {
      await appendFile(this.path, batch, { mode: 0o640 });
      this.size += Buffer.byteLength(batch);
    }
  }

  private async rotate(): Promise<void> {
    if (this.backupCount === 0) await rm(this.path, { force: true });
    else {
      await rm(this.nameOf(this.backupCount), { force: true });
      for (let i = this.backupCount - 1; i >= 0; i--)
        await rename(this.nameOf(i), this.nameOf(i + 1)).catch(() => undefined);
    }
    this.size = 0;
  }

  private nameOf(index: number): string {
    return index === 0 ? this.path : `${this.path}.${index}`;
  }
}
