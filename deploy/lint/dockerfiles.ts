// Lint of the Dockerfiles in deploy/docker/, run by dockerfiles.spec.ts with the unit tests. No Docker
// engine is needed (none is here): the images are not built; instead each Dockerfile goes through
// dockerfile-utils (what `docker build` would refuse) and dockerfilelint (style and common mistakes), and
// its build context is checked: <Dockerfile>.dockerignore beside it (BuildKit reads that file instead of
// a .dockerignore at the root of the context), and every file the build copies from the context exists
// and is let through by that ignore file. Every check returns its problems ("<where>: <what>").
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validate } from 'dockerfile-utils';
import { run as dockerfilelint } from 'dockerfilelint';

export interface Dockerfile {
  name: string;
  text: string;
  /** The text of <name>.dockerignore, when that file exists. */
  dockerignore?: string;
}

export function readDockerfiles(dir: string): Dockerfile[] {
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith('Dockerfile') && !name.endsWith('.dockerignore'))
    .sort()
    .map((name) => {
      const ignore = `${name}.dockerignore`;
      return {
        name,
        text: read(name),
        dockerignore: fs.existsSync(path.join(dir, ignore)) ? read(ignore) : undefined,
      };
    });
}

/** dockerfile-utils: every diagnostic counts, warnings too (as `dockerfile-utils lint` prints them). */
export function checkSyntax({ name, text }: Dockerfile): string[] {
  return validate(text).map(({ range, message }) => {
    const text = typeof message === 'string' ? message : message.value;
    return `${name}:${range.start.line + 1}: dockerfile-utils: ${text}`;
  });
}

/** dockerfilelint; configDir is where it looks for a .dockerfilelintrc (its CLI: the Dockerfile's folder). */
export function checkStyle({ name, text }: Dockerfile, configDir: string): string[] {
  return (
    dockerfilelint(configDir, text)
      // A rule switched off in a .dockerfilelintrc comes back as null.
      .filter((item) => item !== null)
      .map((item) => `${name}:${item.line}: dockerfilelint ${item.rule}: ${item.title}`)
  );
}

/**
 * The build context: the ignore file exists, and what the Dockerfile copies from the context (COPY and
 * ADD without --from) is in the repository (exists(relative path)) and not excluded by the ignore file.
 */
export function checkBuildContext(
  dockerfile: Dockerfile,
  exists: (relativePath: string) => boolean,
): string[] {
  const { name, dockerignore } = dockerfile;
  if (dockerignore === undefined) return [`${name}: no ${name}.dockerignore beside it`];
  const problems: string[] = [];
  for (const source of copiedSources(dockerfile.text)) {
    // Of a wildcard source, only the folder before the first wildcard can be checked without expanding it.
    const wildcard = source.search(/[*?[]/);
    const fixed = wildcard < 0 ? source : source.slice(0, wildcard).replace(/\/?[^/]*$/, '') || '.';
    if (!exists(fixed)) problems.push(`${name}: copies ${source}, which is not in the repository`);
    if (!isInBuildContext(fixed, dockerignore)) {
      problems.push(`${name}: copies ${source}, which ${name}.dockerignore keeps out of the build context`);
    }
  }
  return problems;
}

/** The context paths that COPY and ADD instructions read (not those of --from=<stage>, nor URLs). */
export function copiedSources(text: string): string[] {
  const sources: string[] = [];
  for (const instruction of instructions(text)) {
    const keyword = instruction.split(/\s/, 1)[0];
    if (!/^(copy|add)$/i.test(keyword)) continue;
    const [, flags, rest] = /^((?:--\S+\s+)*)(.*)$/.exec(instruction.slice(keyword.length).trim()) ?? [
      '',
      '',
      '',
    ];
    if (/(^|\s)--from=/.test(flags)) continue;
    // The JSON form (COPY ["a", "b", "dest"]) allows spaces in paths.
    const args = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : rest.split(/\s+/);
    for (const source of args.slice(0, -1)) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('git@')) continue;
      sources.push(path.posix.normalize(source).replace(/\/$/, ''));
    }
  }
  return sources;
}

/** The instructions of a Dockerfile, each on one line: comments dropped, continuation lines joined. */
function instructions(text: string): string[] {
  const result: string[] = [];
  let current = '';
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim()) result.push(current.trim());
    current = '';
  }
  if (current.trim()) result.push(current.trim());
  return result;
}

/**
 * Whether a .dockerignore lets a context path through. As Docker does: patterns are matched against the
 * path and each of its parent folders, "**" spans folders, "*" and "?" do not, and the last matching
 * pattern wins ("!pattern" lets through again what an earlier one excluded).
 */
export function isInBuildContext(relativePath: string, dockerignore: string): boolean {
  const candidates = relativePath.split('/').map((_, index, parts) => parts.slice(0, index + 1).join('/'));
  let included = true;
  for (const raw of dockerignore.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const exception = line.startsWith('!');
    const pattern = path.posix
      .normalize(
        line
          .slice(exception ? 1 : 0)
          .trim()
          .replace(/^\/+/, ''),
      )
      .replace(/\/$/, '');
    const regex = patternToRegExp(pattern);
    if (candidates.some((candidate) => regex.test(candidate))) included = exception;
  }
  return included;
}

function patternToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*' && pattern[i + 1] === '*') {
      // "**/" also matches no folder at all.
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Every check above, on the Dockerfiles of dir; contextDir is the build context (the repository root). */
export function lintDockerfiles(dir: string, contextDir: string): string[] {
  return readDockerfiles(dir).flatMap((dockerfile) => [
    ...checkSyntax(dockerfile),
    ...checkStyle(dockerfile, dir),
    ...checkBuildContext(dockerfile, (relativePath) => fs.existsSync(path.join(contextDir, relativePath))),
  ]);
}
