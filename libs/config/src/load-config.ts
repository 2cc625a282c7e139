import { readFileSync } from 'node:fs';
import { validateSync } from 'class-validator';
import { parse as parseIni } from 'ini';
import { type OptionDefinition, optionsOf } from './option.decorator';

/** A configuration that cannot be used; its message is one line naming the option and the rule. */
export class ConfigError extends Error {}

export interface ConfigSources {
  /** Command-line arguments (after the script name): `--config-file <path>` may repeat. */
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Reads a file; injectable for tests. */
  readFile?: (path: string) => string;
}

type IniSections = Record<string, Record<string, unknown>>;

/** Paths given with `--config-file <path>` or `--config-file=<path>`, in order (later files win). */
export function configFilesFromArgv(argv: string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--config-file') {
      const path = argv[i + 1];
      if (!path || path.startsWith('--')) throw new ConfigError('--config-file needs a path');
      files.push(path);
      i++;
    } else if (arg.startsWith('--config-file=')) {
      files.push(arg.slice('--config-file='.length));
    }
  }
  return files;
}

function readIniFiles(
  files: string[],
  readFile: (path: string) => string,
): Map<string, { value: string; from: string }> {
  // key: "<section>.<option>" with the section lower-cased, as oslo.config treats [DEFAULT]/[default].
  const values = new Map<string, { value: string; from: string }>();
  for (const file of files) {
    let text: string;
    try {
      text = readFile(file);
    } catch (error) {
      throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`);
    }
    const parsed = parseIni(text) as IniSections & Record<string, unknown>;
    for (const [section, body] of Object.entries(parsed)) {
      if (body === null || typeof body !== 'object') {
        // Options above any section header belong to [DEFAULT].
        values.set(`default.${section}`, { value: String(body), from: `${file} [DEFAULT]` });
        continue;
      }
      for (const [name, value] of Object.entries(body)) {
        values.set(`${section.toLowerCase()}.${name}`, {
          value: String(value),
          from: `${file} [${section}]`,
        });
      }
    }
  }
  return values;
}

function convert(option: OptionDefinition, raw: string): unknown {
  const text = raw.trim();
  switch (option.type) {
    case 'number':
      // Leave anything non-numeric as the raw string: validation then names the rule it breaks.
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    case 'boolean':
      if (/^(true|yes|on|1)$/i.test(text)) return true;
      if (/^(false|no|off|0)$/i.test(text)) return false;
      return text;
    case 'string':
      return text;
  }
}

/** Of all the rules a value breaks, name its kind first: "must be an integer" says more than "must be ≤ 3600". */
const KIND_RULES = ['isInt', 'isNumber', 'isBoolean', 'isString', 'isIp', 'isIn', 'matches'];

function mainRule(constraints: Record<string, string>): string {
  const kind = KIND_RULES.find((name) => name in constraints);
  return (kind ? constraints[kind] : Object.values(constraints)[0]) ?? 'is invalid';
}

function describeValue(option: OptionDefinition, value: unknown): string {
  return option.secret ? '<secret>' : JSON.stringify(value);
}

/**
 * Builds a validated configuration object: class defaults, overridden by the INI files, overridden by
 * the environment. Throws ConfigError naming the first bad option, where it came from, and the rule.
 */
export function loadConfig<T extends object>(configClass: new () => T, sources: ConfigSources): T {
  const readFile = sources.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const ini = readIniFiles(configFilesFromArgv(sources.argv), readFile);
  const config = new configClass();
  const origin = new Map<string, string>();
  const options = optionsOf(configClass);

  for (const option of options) {
    let raw: string | undefined;
    for (const section of [...option.sections].reverse()) {
      const found = ini.get(`${section.toLowerCase()}.${option.name}`);
      if (found) {
        raw = found.value;
        origin.set(option.property, found.from);
      }
    }
    const fromEnv = sources.env[option.env];
    if (fromEnv !== undefined && fromEnv !== '') {
      raw = fromEnv;
      origin.set(option.property, `environment ${option.env}`);
    }
    if (raw !== undefined) (config as Record<string, unknown>)[option.property] = convert(option, raw);
  }

  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const error = errors[0];
    const option = options.find((o) => o.property === error.property);
    const rule = mainRule(error.constraints ?? {});
    if (!option) throw new ConfigError(`invalid configuration: ${rule}`);
    const from = origin.get(option.property) ?? 'default';
    const ruleText = rule.replace(new RegExp(`^${option.property}\\b`), option.name);
    throw new ConfigError(
      `invalid configuration: option ${option.name} (${from}) = ${describeValue(option, error.value)}: ${ruleText}`,
    );
  }
  return config;
}

/** The effective configuration as `name = value` lines for the start-up log, secrets masked. */
export function describeConfig(config: object): Record<string, unknown> {
  const described: Record<string, unknown> = {};
  for (const option of optionsOf(config.constructor as new () => object)) {
    const value = (config as Record<string, unknown>)[option.property];
    described[option.name] = option.secret ? maskSecret(value) : value;
  }
  return described;
}

function maskSecret(value: unknown): string {
  // Keep the shape of URLs (scheme/host/port) so the log still says where the process connects.
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if (url.password) url.password = '***';
      return url.toString();
    } catch {
      return '***';
    }
  }
  return '***';
}
