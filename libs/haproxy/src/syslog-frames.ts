/**
 * Reading what haproxy writes to its log pipe (`log fd@…`): RFC 5424 messages, one per line. Pure: bytes
 * in, messages out.
 */

export interface SyslogMessage {
  /** 16 is local0 (tenant traffic), 17 local1 (haproxy's own events). */
  facility: number;
  severity: number;
  /** The message's own time, as haproxy wrote it (RFC 3339). */
  timestamp: string;
  /** The log line: what the log-format produced, or haproxy's event text. */
  text: string;
}

/** Longer than any line haproxy writes (its `len` is far below): the rest of such a line is dropped. */
const MAX_LINE_BYTES = 65_536;

const RFC5424 = /^<(\d{1,3})>1 (\S+) \S+ \S+ \S+ \S+ (?:-|(?:\[[^\]]*\])+)(?: (.*))?$/s;

/** One RFC 5424 message; undefined for anything else. */
export function parseRfc5424(frame: string): SyslogMessage | undefined {
  const match = RFC5424.exec(frame);
  if (!match) return undefined;
  const priority = Number(match[1]);
  if (priority > 191) return undefined;
  return {
    facility: Math.floor(priority / 8),
    severity: priority % 8,
    timestamp: match[2],
    text: (match[3] ?? '').replace(/\n+$/, ''),
  };
}

/**
 * Splits a byte stream into lines (haproxy writes one message and "\n" per write); a partial line waits for
 * the next chunk. A line that never ends within MAX_LINE_BYTES is not haproxy's: dropped up to its end.
 */
export class LineReader {
  private pending: Buffer = Buffer.alloc(0);
  private skipping = false;

  push(chunk: Buffer): string[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const lines: string[] = [];
    for (;;) {
      const end = this.pending.indexOf(0x0a);
      if (end === -1) break;
      if (!this.skipping && end > 0) lines.push(this.pending.subarray(0, end).toString('utf8'));
      this.skipping = false;
      this.pending = this.pending.subarray(end + 1);
    }
    if (this.pending.length > MAX_LINE_BYTES) {
      this.pending = Buffer.alloc(0);
      this.skipping = true;
    }
    return lines;
  }
}
