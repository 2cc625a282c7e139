import type { CommandRunner } from '../system/command-runner';

/**
 * Names on the host depend only on the load balancer (`qlbaas-<id>`, `tap<port>`), so two agents on one
 * machine can meet the same name after a failover. Each marks what it builds with its host name and
 * checks the mark before removing anything.
 */
export function ownerMark(host: string): string {
  return `lbaas-agent:${host}`;
}

/** The alias of a link (`ip … link show <dev>`): '' when it has none, undefined when the link is absent. */
export async function linkAlias(commands: CommandRunner, showArgv: string[]): Promise<string | undefined> {
  let stdout: string;
  try {
    ({ stdout } = await commands.run(showArgv));
  } catch {
    return undefined;
  }
  return /^\s+alias (.+)$/m.exec(stdout)?.[1].trim() ?? '';
}
