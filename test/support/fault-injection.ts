import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Makes the agent's host commands fail on demand: a directory of wrappers put first on the agent's PATH.
 * Each wrapper runs the real command unless a rule file names an extended regular expression that its
 * arguments (or, for `ip -batch -`, one of the command lines it reads) match; then it prints "injected
 * fault" and exits 1, as a broken ovs-vsctl or haproxy would.
 * (`ip netns exec` looks up haproxy on the same PATH, so haproxy started in a namespace is wrapped too.)
 */
export class FaultInjector {
  readonly binDir = mkdtempSync(join(tmpdir(), 'lbfault-'));

  constructor(commands: readonly string[] = ['ip', 'ovs-vsctl', 'haproxy']) {
    for (const command of commands) {
      const real = execFileSync('sh', ['-c', `command -v ${command}`])
        .toString()
        .trim();
      const wrapper = join(this.binDir, command);
      writeFileSync(
        wrapper,
        [
          '#!/bin/sh',
          `rule="${this.ruleFile(command)}"`,
          // `ip -batch -` reads its commands on stdin: the rule is matched against those lines too.
          'batch=',
          'case " $* " in *" -batch - "*) batch=1; input=$(cat) ;; esac',
          'if [ -f "$rule" ] && { printf "%s\\n" "$*"; [ -z "$batch" ] || printf "%s\\n" "$input"; } | grep -qE -f "$rule"; then',
          `  echo "injected fault: ${command} $*" >&2`,
          '  exit 1',
          'fi',
          `if [ -n "$batch" ]; then printf "%s\\n" "$input" | ${real} "$@"; exit $?; fi`,
          `exec ${real} "$@"`,
          '',
        ].join('\n'),
      );
      chmodSync(wrapper, 0o755);
    }
  }

  /** From now on, `command` fails when its arguments match `argumentsPattern`. */
  fail(command: string, argumentsPattern: string): void {
    writeFileSync(this.ruleFile(command), `${argumentsPattern}\n`);
  }

  clear(command: string): void {
    rmSync(this.ruleFile(command), { force: true });
  }

  /** Environment for a process whose commands go through the wrappers. */
  env(): Record<string, string> {
    return { PATH: `${this.binDir}:${process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin'}` };
  }

  remove(): void {
    rmSync(this.binDir, { recursive: true, force: true });
  }

  private ruleFile(command: string): string {
    return join(this.binDir, `${command}.fail-when`);
  }
}
