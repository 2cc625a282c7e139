/**
 * Which config changes haproxy's runtime API can apply without a reload (pure). A reload closes idle
 * keep-alive connections, so member weight and admin state changes go through the admin socket instead.
 */

interface ServerLine {
  name: string;
  weight: string;
  disabled: boolean;
  /** The line without its weight and disabled flag: must not change for a runtime update. */
  rest: string;
}

function parseServer(line: string): ServerLine | undefined {
  const match = /^(\s+server (\S+) .*?) weight (\d+)(.*?)( disabled)?$/.exec(line);
  if (!match) return undefined;
  return {
    name: match[2],
    weight: match[3],
    disabled: match[5] !== undefined,
    rest: `${match[1]}${match[4]}`,
  };
}

/**
 * The runtime commands that turn `current` into `next`, or undefined when anything else changed (then
 * only a reload will do). An empty list means the two are the same.
 */
export function runtimeUpdates(current: string, next: string): string[] | undefined {
  const before = current.split('\n');
  const after = next.split('\n');
  if (before.length !== after.length) return undefined;
  const commands: string[] = [];
  let backend: string | undefined;
  for (let i = 0; i < after.length; i++) {
    if (after[i].startsWith('backend ')) backend = after[i].slice('backend '.length);
    else if (/^\S/.test(after[i])) backend = undefined;
    if (before[i] === after[i]) continue;
    const old = parseServer(before[i]);
    const updated = parseServer(after[i]);
    if (!backend || !old || !updated || old.name !== updated.name || old.rest !== updated.rest)
      return undefined;
    if (old.weight !== updated.weight)
      commands.push(`set server ${backend}/${updated.name} weight ${updated.weight}`);
    if (old.disabled !== updated.disabled) {
      commands.push(`set server ${backend}/${updated.name} state ${updated.disabled ? 'maint' : 'ready'}`);
    }
  }
  return commands;
}
