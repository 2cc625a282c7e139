import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, optionsOf } from '@lbaas/config';
import { configMapEntry, optionLines, sampleProblems } from '@lbaas/config/testing/sample-config';
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

function load(text: string): AgentConfig {
  return loadConfig(AgentConfig, { argv: ['--config-file', 'sample.ini'], env: {}, readFile: () => text });
}

const options = optionsOf(AgentConfig);

describe('deploy/etc/lbaas_agent.ini', () => {
  const text = readFileSync(SAMPLE, 'utf8');

  it('loads with the real loader, from the file (not the defaults)', () => {
    const config = loadConfig(AgentConfig, { argv: ['--config-file', SAMPLE], env: {} });
    expect(config).toBeInstanceOf(AgentConfig);
    expect(config.host).toBe('network-1');
    expect(config.logFile).toBe('/var/log/lbaas-agent/lbaas-agent.log');
  });

  const problems = sampleProblems(AgentConfig, text);

  it('sets every option declared on AgentConfig (common ones included), in a section the loader reads', () => {
    expect(options.length).toBeGreaterThan(8);
    expect(problems.missing).toEqual([]);
  });

  it('sets nothing that is not an option, and each option once', () => {
    expect(problems.unknown).toEqual([]);
    expect(problems.duplicates).toEqual([]);
  });

  it('documents every option: what it does, its default, what is allowed and its environment variable', () => {
    expect(problems.undocumented).toEqual([]);
  });
});

describe('deploy/k8s/configmap-agent.yaml', () => {
  const ini = configMapEntry(readFileSync(CONFIG_MAP, 'utf8'), CONFIG_MAP_KEY);

  it('holds an INI file the real loader accepts, with the state path of the DaemonSet', () => {
    expect(load(ini).statePath).toBe('/var/lib/lbaas');
  });

  it('sets only real options, in sections the loader reads', () => {
    expect(optionLines(ini).length).toBeGreaterThan(0);
    expect(sampleProblems(AgentConfig, ini).unknown).toEqual([]);
  });

  it('leaves host (LBAAS_HOST from the node name) and transport_url (the Secret) to the environment', () => {
    const names = optionLines(ini).map((l) => l.name);
    expect(names).not.toContain('host');
    expect(names).not.toContain('transport_url');
  });
});
