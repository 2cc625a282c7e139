/**
 * Reading what haproxy's log ring sends to the agent: octet-counted frames (RFC 6587, `log-proto
 * octet-count`) of RFC 5424 messages. Pure: bytes in, messages out.
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

/** Frames longer than this are not haproxy's (its ring's maxlen is far below): the stream is broken. */
const MAX_FRAME_BYTES = 65_536;

export class SyslogFrameError extends Error {}

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

/** Splits a byte stream into frames as they complete; a partial frame waits for the next chunk. */
export class OctetCountedReader {
  private pending: Buffer = Buffer.alloc(0);

  /** The complete frames `chunk` finishes; throws SyslogFrameError when the stream is not octet-counted. */
  push(chunk: Buffer): string[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: string[] = [];
    for (;;) {
      const space = this.pending.indexOf(0x20);
      if (space === -1) {
        if (this.pending.length > 6) throw new SyslogFrameError('no frame length in the first 6 bytes');
        break;
      }
      const prefix = this.pending.subarray(0, space).toString('latin1');
      if (!/^[1-9]\d{0,5}$/.test(prefix)) throw new SyslogFrameError(`bad frame length "${prefix}"`);
      const length = Number(prefix);
      if (length > MAX_FRAME_BYTES) throw new SyslogFrameError(`frame of ${length} bytes`);
      if (this.pending.length < space + 1 + length) break;
      frames.push(this.pending.subarray(space + 1, space + 1 + length).toString('utf8'));
      this.pending = this.pending.subarray(space + 1 + length);
    }
    return frames;
  }
}
