import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandError, CommandRunner } from './command-runner';

describe('CommandRunner', () => {
  const runner = new CommandRunner();

  it('answers with the output of a command that succeeded, and gives it its input', async () => {
    await expect(runner.run(['sh', '-c', 'cat; echo err >&2'], { input: 'in\n' })).resolves.toEqual({
      stdout: 'in\n',
      stderr: 'err\n',
    });
  });

  it('gives a command no input when none is said (it never waits for one)', async () => {
    await expect(runner.run(['cat'])).resolves.toEqual({ stdout: '', stderr: '' });
  });

  it('reports the exit status and stderr of a command that failed', async () => {
    const failed = runner.run(['sh', '-c', 'echo why >&2; exit 3']);
    await expect(failed).rejects.toBeInstanceOf(CommandError);
    await expect(failed).rejects.toMatchObject({ exitCode: 3, stderr: 'why\n' });
    await expect(runner.succeeds(['false'])).resolves.toBe(false);
  });

  it('reports a program that does not exist', async () => {
    await expect(runner.run(['/nonexistent/program'])).rejects.toMatchObject({
      exitCode: expect.stringContaining('ENOENT'),
    });
  });

  it('kills a command that outlives its timeout, even when a child of it holds the output open', async () => {
    const pidFile = join(tmpdir(), `command-runner-orphan-${process.pid}`);
    try {
      // Without giving up on the pipes, the answer would wait for the orphan: past the test's timeout.
      await expect(
        runner.run(['sh', '-c', `sleep 30 & echo $! > ${pidFile}; exec sleep 30`], { timeoutMs: 300 }),
      ).rejects.toMatchObject({ exitCode: 'killed after 300 ms' });
    } finally {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
      rmSync(pidFile, { force: true });
    }
  });

  it('answers for a command that exited 0 while a child of it still holds the output open', async () => {
    const pidFile = join(tmpdir(), `command-runner-daemon-${process.pid}`);
    try {
      await expect(
        runner.run(['sh', '-c', `sleep 30 & echo $! > ${pidFile}; echo started`], { timeoutMs: 300 }),
      ).resolves.toEqual({ stdout: 'started\n', stderr: '' });
    } finally {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
      rmSync(pidFile, { force: true });
    }
  });

  it('hands the descriptors it is given to the command as fd 3 onwards', async () => {
    const path = join(tmpdir(), `command-runner-${process.pid}.txt`);
    const fd = openSync(path, 'w');
    try {
      await expect(runner.run(['sh', '-c', 'echo through-fd-3 >&3'])).rejects.toBeInstanceOf(CommandError);
      await expect(runner.run(['sh', '-c', 'echo through-fd-3 >&3'], { inheritFds: [fd] })).resolves.toEqual({
        stdout: '',
        stderr: '',
      });
      expect(readFileSync(path, 'utf8')).toBe('through-fd-3\n');
    } finally {
      closeSync(fd);
      rmSync(path, { force: true });
    }
  });
});
