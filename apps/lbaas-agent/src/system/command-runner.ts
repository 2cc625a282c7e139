import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
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
  /** Open descriptors the command inherits as its fd 3, 4, … (haproxy's log pipe). */
  inheritFds?: number[];
}

/** Output beyond this is a runaway command, not an answer. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

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
      // stdin, stdout and stderr are pipes whatever follows them (the types lose that with a spread).
      const child = spawn(command, args, {
        stdio: ['pipe', 'pipe', 'pipe', ...(options.inheritFds ?? [])],
      }) as ChildProcessWithoutNullStreams;
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let outputBytes = 0;
      let failure: string | undefined;
      const stop = (reason: string) => {
        failure ??= reason;
        child.kill('SIGKILL');
      };
      let exitedCleanly = false;
      child.on('exit', (code) => (exitedCleanly = code === 0));
      // A command that exited 0 leaving a child of its own on the output pipes succeeded: stop waiting.
      const timer = setTimeout(() => {
        if (!exitedCleanly) stop(`killed after ${timeout} ms`);
        child.stdout.destroy();
        child.stderr.destroy();
      }, timeout);
      const collect = (into: Buffer[]) => (chunk: Buffer) => {
        outputBytes += chunk.length;
        if (outputBytes > MAX_OUTPUT_BYTES) stop('output too long');
        into.push(chunk);
      };
      child.stdout.on('data', collect(stdout));
      child.stderr.on('data', collect(stderr));
      child.on('error', (error) => (failure ??= error.message));
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        took();
        const err = Buffer.concat(stderr).toString('utf8');
        if (code === 0 && !failure) {
          resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: err });
          return;
        }
        const reason = failure ?? code ?? signal;
        this.logger.debug({ argv, code: reason, stderr: err }, 'command failed');
        commandFailures.inc({ command: commandName(argv) });
        reject(new CommandError(argv, reason, err || String(reason)));
      });
      // A command that exits (or never starts) before reading: its exit status tells, not an EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
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
