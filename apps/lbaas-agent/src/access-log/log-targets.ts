import { isIP } from 'node:net';

export interface LogTarget {
  address: string;
  port: number;
  family: 4 | 6;
}

/** `ip:port,[ipv6]:port` (Octavia's *_log_targets) as addresses; a malformed entry is an error naming it. */
export function parseLogTargets(option: string, text: string): LogTarget[] {
  if (text.trim() === '') return [];
  return text.split(',').map((entry) => {
    const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(entry.trim());
    const address = match?.[1] ?? match?.[2] ?? '';
    const family = isIP(address);
    const port = Number(match?.[3]);
    if (!match || family === 0 || (match[1] !== undefined && family !== 6) || port < 1 || port > 65535)
      throw new Error(`${option}: ${JSON.stringify(entry)} is not an ip:port pair`);
    return { address, port, family: family as 4 | 6 };
  });
}
