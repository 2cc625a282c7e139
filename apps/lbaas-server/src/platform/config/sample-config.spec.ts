import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, optionsOf } from '@lbaas/config';
import { configMapEntry, optionLines, sampleProblems } from '@lbaas/config/testing/sample-config';
import { ServerConfig } from './server.config';

/**
 * The shipped sample configuration (deploy/etc/lbaas-server.ini) and the Kubernetes ConfigMap must stay
 * in step with ServerConfig: loadable by the real loader, every declared option present and documented,
 * and nothing that is not an option.
 */
const DEPLOY = join(__dirname, '..', '..', '..', '..', '..', 'deploy');
const SAMPLE = join(DEPLOY, 'etc', 'lbaas-server.ini');
const CONFIG_MAP = join(DEPLOY, 'k8s', 'configmap-server.yaml');
const CONFIG_MAP_KEY = 'lbaas-server.ini';

function load(text: string): ServerConfig {
  return loadConfig(ServerConfig, { argv: ['--config-file', 'sample.ini'], env: {}, readFile: () => text });
}

const options = optionsOf(ServerConfig);

describe('deploy/etc/lbaas-server.ini', () => {
  const text = readFileSync(SAMPLE, 'utf8');

  it('loads with the real loader, from the file (not the defaults)', () => {
    const config = loadConfig(ServerConfig, { argv: ['--config-file', SAMPLE], env: {} });
    expect(config).toBeInstanceOf(ServerConfig);
    expect(config.bindHost).toBe('0.0.0.0');
    expect(config.logFile).toBe('/var/log/lbaas-server/lbaas-server.log');
  });

  const problems = sampleProblems(ServerConfig, text);

  it('sets every option declared on ServerConfig (common ones included), in a section the loader reads', () => {
    expect(options.length).toBeGreaterThan(20);
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

describe('deploy/k8s/configmap-server.yaml', () => {
  const ini = configMapEntry(readFileSync(CONFIG_MAP, 'utf8'), CONFIG_MAP_KEY);

  it('holds an INI file the real loader accepts, listening on every address of the pod', () => {
    expect(load(ini).bindHost).toBe('0.0.0.0');
  });

  it('sets only real options, in sections the loader reads', () => {
    expect(optionLines(ini).length).toBeGreaterThan(0);
    expect(sampleProblems(ServerConfig, ini).unknown).toEqual([]);
  });

  it('keeps the secrets out: transport_url and connection come from the Secret', () => {
    const names = optionLines(ini).map((l) => l.name);
    expect(names).not.toContain('transport_url');
    expect(names).not.toContain('connection');
  });
});
