import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  checkBuildContext,
  checkStyle,
  checkSyntax,
  copiedSources,
  type Dockerfile,
  isInBuildContext,
  lintDockerfiles,
  readDockerfiles,
} from './dockerfiles';

const dockerDir = path.join(__dirname, '..', 'docker');
const repoDir = path.join(__dirname, '..', '..');
const inRepository = (relativePath: string) => fs.existsSync(path.join(repoDir, relativePath));
const real = readDockerfiles(dockerDir);
const server = real.find((dockerfile) => dockerfile.name === 'Dockerfile.server')!;

/** A Dockerfile of the repository with one edit; the edit must apply, or the test would prove nothing. */
function edited(
  dockerfile: Dockerfile,
  field: 'text' | 'dockerignore',
  from: string,
  to: string,
): Dockerfile {
  const text = dockerfile[field];
  if (text === undefined || !text.includes(from)) {
    throw new Error(`${dockerfile.name} ${field} does not contain ${JSON.stringify(from)}`);
  }
  return { ...dockerfile, [field]: text.replace(from, to) };
}

describe('Dockerfiles of the repository (deploy/docker)', () => {
  it('are both found, each with its .dockerignore', () => {
    expect(real.map((dockerfile) => [dockerfile.name, dockerfile.dockerignore !== undefined])).toEqual([
      ['Dockerfile.agent', true],
      ['Dockerfile.server', true],
    ]);
  });

  it.each(real.map((dockerfile) => [dockerfile.name, dockerfile] as const))(
    '%s passes dockerfile-utils, dockerfilelint and the build context check',
    (_name, dockerfile) => {
      expect(checkSyntax(dockerfile)).toEqual([]);
      expect(checkStyle(dockerfile, dockerDir)).toEqual([]);
      expect(copiedSources(dockerfile.text)).toEqual([
        'package.json',
        'package-lock.json',
        'nest-cli.json',
        'tsconfig.json',
        'libs',
        'apps',
      ]);
      expect(checkBuildContext(dockerfile, inRepository)).toEqual([]);
    },
  );

  it('pass every check together', () => {
    expect(lintDockerfiles(dockerDir, repoDir)).toEqual([]);
  });
});

describe('Dockerfile checks catch', () => {
  it('an instruction that docker build would refuse (dockerfile-utils)', () => {
    const broken = edited(
      server,
      'text',
      'COPY --from=build /src/package.json',
      'COPY --form=build /src/package.json',
    );
    expect(checkSyntax(broken)).toEqual([
      expect.stringMatching(/^Dockerfile\.server:\d+: dockerfile-utils: Unknown flag: form$/),
    ]);
  });

  it('a style mistake (dockerfilelint)', () => {
    const broken = edited(server, 'text', 'RUN npm install --no-audit', 'RUN sudo npm install --no-audit');
    expect(checkSyntax(broken)).toEqual([]);
    expect(checkStyle(broken, dockerDir)).toEqual([
      expect.stringMatching(/^Dockerfile\.server:\d+: dockerfilelint sudo_usage: /),
    ]);
  });

  it('a Dockerfile without its .dockerignore', () => {
    expect(checkBuildContext({ ...server, dockerignore: undefined }, inRepository)).toEqual([
      'Dockerfile.server: no Dockerfile.server.dockerignore beside it',
    ]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerfiles-'));
    try {
      fs.writeFileSync(path.join(dir, 'Dockerfile.x'), server.text);
      expect(readDockerfiles(dir)).toEqual([
        { name: 'Dockerfile.x', text: server.text, dockerignore: undefined },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('a copied file that the .dockerignore keeps out of the context', () => {
    const broken = edited(server, 'dockerignore', '!nest-cli.json\n', '');
    expect(checkBuildContext(broken, inRepository)).toEqual([
      'Dockerfile.server: copies nest-cli.json, which Dockerfile.server.dockerignore keeps out of the build context',
    ]);
  });

  it('a copied file that is not in the repository', () => {
    const broken = edited(
      server,
      'text',
      'COPY nest-cli.json tsconfig.json ./',
      'COPY nest-cli.json tsconfig.base.json ./',
    );
    expect(checkBuildContext(broken, inRepository)).toEqual([
      'Dockerfile.server: copies tsconfig.base.json, which is not in the repository',
      'Dockerfile.server: copies tsconfig.base.json, which Dockerfile.server.dockerignore keeps out of the build context',
    ]);
  });
});

describe('copiedSources', () => {
  it('reads COPY and ADD sources, flags, the JSON form and continuation lines; skips stages and URLs', () => {
    const text = [
      'FROM node:20 AS build',
      '# COPY commented ./out',
      'COPY --chown=1:1 a.json ./b/ ./',
      'copy ["with space.txt", "/dst/"]',
      'ADD https://example.invalid/x.tgz /x.tgz',
      'COPY \\',
      '  c.txt /c.txt',
      'COPY --from=build /src/dist ./dist',
    ].join('\n');
    expect(copiedSources(text)).toEqual(['a.json', 'b', 'with space.txt', 'c.txt']);
  });
});

describe('isInBuildContext', () => {
  const allowlist = ['**', '!package.json', '!apps/', '**/*.spec.ts'].join('\n');

  it('follows Docker: parents match, ** spans folders, the last matching pattern wins', () => {
    expect(isInBuildContext('package.json', allowlist)).toBe(true);
    expect(isInBuildContext('apps', allowlist)).toBe(true);
    expect(isInBuildContext('apps/a/main.ts', allowlist)).toBe(true);
    expect(isInBuildContext('apps/a/main.spec.ts', allowlist)).toBe(false);
    expect(isInBuildContext('libs', allowlist)).toBe(false);
    expect(isInBuildContext('node_modules/x/package.json', allowlist)).toBe(false);
    expect(isInBuildContext('dist/main.js', 'dist\n# comment\n')).toBe(false);
    expect(isInBuildContext('src/dist/main.js', 'dist')).toBe(true);
    expect(isInBuildContext('a/b.txt', '*.txt')).toBe(true);
    expect(isInBuildContext('a/b.txt', '*/*.txt')).toBe(false);
  });
});
