import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { commandFailures, commandSeconds } from '../metrics/agent-metrics';

export interface CommandResult {
  stdout: string;
  stderr: string;
}

/** A command that failed; its stderr is kept for the error report. */
export class CommandError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number | string | null,
    readonly stderr: string,
  ) {
    super(`${argv.join(' ')} failed (${exitCode}): ${stderr.trim().split('\n').slice(-8).join(' | ')}`);
  }
}

/** The program a command runs (`ip netns exec <ns> haproxy …` counts as haproxy). */
function commandName(argv: readonly string[]): string {
  const program = argv[0] === 'ip' && argv[1] === 'netns' && argv[2] === 'exec' ? argv[4] : argv[0];
  return basename(program ?? 'unknown');
}

export interface RunOptions {
  /** Default 30 s: no command may hang the agent. */
  timeoutMs?: number;
  /** What the command reads on its standard input (`ip -batch -`); none by default. */
  input?: string;
}

/**
 * Every side effect on the host goes through here: an argument array (never a shell string), a timeout,
 * and stderr captured for the error report.
 */
@Injectable()
export class CommandRunner {
  private readonly logger = new Logger(CommandRunner.name);

  run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const [command, ...args] = argv;
    const timeout = options.timeoutMs ?? 30_000;
    const took = commandSeconds.startTimer({ command: commandName(argv) });
    return new Promise((resolve, reject) => {
      const child = execFile(
        command,
        args,
        { timeout, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          took();
          if (error) {
            const code = error.killed ? `killed after ${timeout} ms` : (error.code ?? null);
            this.logger.debug({ argv, code, stderr }, 'command failed');
            commandFailures.inc({ command: commandName(argv) });
            reject(new CommandError(argv, code, stderr || error.message));
            return;
          }
          resolve({ stdout, stderr });
        },
      );
      if (options.input !== undefined) {
        // A command that exits (or never starts) before reading: its exit status tells, not an EPIPE.
        child.stdin?.on('error', () => undefined);
        child.stdin?.end(options.input);
      }
    });
  }

  /** Runs the command and reports whether it succeeded, for probes ("does this exist?"). */
  async succeeds(argv: readonly string[], options: RunOptions = {}): Promise<boolean> {
    try {
      await this.run(argv, options);
      return true;
    } catch (error) {
      if (error instanceof CommandError) return false;
      throw error;
    }
  }
}
