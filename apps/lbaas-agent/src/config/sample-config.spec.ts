import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, optionsOf } from '@lbaas/config';
import { AgentConfig } from './agent.config';

/**
 * The shipped sample configuration (deploy/etc/lbaas_agent.ini) and the Kubernetes ConfigMap must stay
 * in step with AgentConfig: loadable by the real loader, every declared option present and documented,
 * and nothing that is not an option.
 */
const DEPLOY = join(__dirname, '..', '..', '..', '..', 'deploy');
const SAMPLE = join(DEPLOY, 'etc', 'lbaas_agent.ini');
const CONFIG_MAP = join(DEPLOY, 'k8s', 'configmap-agent.yaml');
const CONFIG_MAP_KEY = 'lbaas_agent.ini';

interface OptionLine {
  /** Lower-cased, as the loader compares sections. */
  section: string;
  name: string;
  /** The comment lines right above the option. */
  comment: string[];
}

/** The `name = value` lines of an INI text, with their section and the comment block above each. */
function optionLines(text: string): OptionLine[] {
  const found: OptionLine[] = [];
  let section = 'default';
  let comment: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      comment = [];
    } else if (line.startsWith('#') || line.startsWith(';')) {
      comment.push(line);
    } else if (/^\[.+\]$/.test(line)) {
      section = line.slice(1, -1).trim().toLowerCase();
      comment = [];
    } else {
      found.push({ section, name: line.split('=')[0].trim(), comment });
      comment = [];
    }
  }
  return found;
}

/** The block scalar `<key>: |` of a ConfigMap manifest, de-indented (no YAML parser among the dependencies). */
function configMapEntry(manifest: string, key: string): string {
  const lines = manifest.split('\n');
  const start = lines.findIndex((line) =>
    new RegExp(`^\\s+${key.replace(/\./g, '\\.')}:\\s*\\|[-+]?\\s*$`).test(line),
  );
  if (start < 0) throw new Error(`${key} not found as a block scalar`);
  const keyIndent = lines[start].search(/\S/);
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && line.search(/\S/) <= keyIndent) break;
    body.push(line);
  }
  const indent = Math.min(...body.filter((line) => line.trim() !== '').map((line) => line.search(/\S/)));
  return body.map((line) => line.slice(indent)).join('\n');
}

function load(text: string): AgentConfig {
  return loadConfig(AgentConfig, { argv: ['--config-file', 'sample.ini'], env: {}, readFile: () => text });
}

const options = optionsOf(AgentConfig);
const isOption = (line: OptionLine): boolean =>
  options.some((o) => o.name === line.name && o.sections.some((s) => s.toLowerCase() === line.section));

describe('deploy/etc/lbaas_agent.ini', () => {
  const text = readFileSync(SAMPLE, 'utf8');
  const lines = optionLines(text);

  it('loads with the real loader, from the file (not the defaults)', () => {
    const config = loadConfig(AgentConfig, { argv: ['--config-file', SAMPLE], env: {} });
    expect(config).toBeInstanceOf(AgentConfig);
    expect(config.host).toBe('network-1');
    expect(config.logFile).toBe('/var/log/lbaas-agent/lbaas-agent.log');
  });

  it('sets every option declared on AgentConfig (common ones included), in a section the loader reads', () => {
    expect(options.length).toBeGreaterThan(8);
    const missing = options
      .filter(
        (o) => !lines.some((l) => l.name === o.name && o.sections.some((s) => s.toLowerCase() === l.section)),
      )
      .map((o) => `[${o.sections[0]}] ${o.name}`);
    expect(missing).toEqual([]);
  });

  it('sets nothing that is not an option, and each option once', () => {
    expect(lines.filter((l) => !isOption(l)).map((l) => `[${l.section}] ${l.name}`)).toEqual([]);
    const names = lines.map((l) => l.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('documents every option: what it does, its default, what is allowed and its environment variable', () => {
    const undocumented = options
      .filter((o) => {
        const comment = lines.find((l) => l.name === o.name)?.comment.join(' ') ?? '';
        return !(
          comment.length > 0 &&
          comment.includes('Default:') &&
          comment.includes('Allowed:') &&
          comment.includes(o.env)
        );
      })
      .map((o) => o.name);
    expect(undocumented).toEqual([]);
  });
});

describe('deploy/k8s/configmap-agent.yaml', () => {
  const ini = configMapEntry(readFileSync(CONFIG_MAP, 'utf8'), CONFIG_MAP_KEY);

  it('holds an INI file the real loader accepts, with the state path of the DaemonSet', () => {
    expect(load(ini).statePath).toBe('/var/lib/lbaas');
  });

  it('sets only real options, in sections the loader reads', () => {
    const lines = optionLines(ini);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => !isOption(l)).map((l) => `[${l.section}] ${l.name}`)).toEqual([]);
  });

  it('leaves host (LBAAS_HOST from the node name) and transport_url (the Secret) to the environment', () => {
    const names = optionLines(ini).map((l) => l.name);
    expect(names).not.toContain('host');
    expect(names).not.toContain('transport_url');
  });
});
