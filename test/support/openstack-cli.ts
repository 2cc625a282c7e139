import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs Debian's `openstack` CLI with `args`, `env` added to this process's environment; its stdout, or
 * an error carrying its exit code and stderr (what a user would read).
 */
export async function runOpenstack(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 180_000,
): Promise<string> {
  try {
    const { stdout } = await run('openstack', args, { timeout: timeoutMs, env: { ...process.env, ...env } });
    return stdout;
  } catch (error) {
    const failed = error as Error & { stderr?: string; code?: number };
    throw new Error(
      `openstack ${args.join(' ')} failed (${failed.code}): ${failed.stderr ?? failed.message}`,
    );
  }
}
