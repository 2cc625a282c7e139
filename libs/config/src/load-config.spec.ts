import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigError, configFilesFromArgv, describeConfig, loadConfig } from './load-config';
import { Option } from './option.decorator';

class SampleConfig {
  @Option({ help: 'seconds', sections: ['DEFAULT', 'AGENT'] })
  @IsInt()
  @Min(1)
  @Max(3600)
  reportInterval: number = 2;

  @Option({ help: 'flag' })
  @IsBoolean()
  allowAutomaticFailover: boolean = true;

  @Option({ name: 'connection', sections: ['database'], help: 'db', secret: true })
  @Matches(/^postgresql:\/\//, { message: 'connection must be a postgresql:// URL' })
  databaseConnection: string = 'postgresql://u:p@127.0.0.1/db';

  @Option({ help: 'optional' })
  @IsOptional()
  @IsString()
  logFile?: string;
}

function load(env: Record<string, string> = {}, files: Record<string, string> = {}): SampleConfig {
  const argv = Object.keys(files).flatMap((path) => ['--config-file', path]);
  return loadConfig(SampleConfig, {
    argv,
    env,
    readFile: (path) => {
      if (!(path in files)) throw new Error('ENOENT: no such file');
      return files[path];
    },
  });
}

describe('loadConfig', () => {
  it('uses the class defaults when nothing is given', () => {
    expect(load()).toMatchObject({ reportInterval: 2, allowAutomaticFailover: true, logFile: undefined });
  });

  it('reads neutron-style INI options, from any of their sections, and converts their types', () => {
    const config = load(
      {},
      {
        '/etc/a.ini':
          '[AGENT]\nreport_interval = 7\n[DEFAULT]\nallow_automatic_failover = False\n[database]\nconnection = postgresql://x@h/d\n',
      },
    );
    expect(config).toMatchObject({
      reportInterval: 7,
      allowAutomaticFailover: false,
      databaseConnection: 'postgresql://x@h/d',
    });
  });

  it('lets a later file override an earlier one, and the environment override both', () => {
    const files = {
      '/a.ini': '[DEFAULT]\nreport_interval = 3\n',
      '/b.ini': '[DEFAULT]\nreport_interval = 4\n',
    };
    expect(load({}, files).reportInterval).toBe(4);
    expect(load({ LBAAS_REPORT_INTERVAL: '5' }, files).reportInterval).toBe(5);
    expect(load({ LBAAS_DATABASE_CONNECTION: 'postgresql://env/db' }).databaseConnection).toBe(
      'postgresql://env/db',
    );
  });

  it.each([
    [
      { LBAAS_REPORT_INTERVAL: 'abc' },
      /option report_interval \(environment LBAAS_REPORT_INTERVAL\) = "abc": report_interval must be an integer/,
    ],
    [
      { LBAAS_REPORT_INTERVAL: '0' },
      /option report_interval .* = 0: report_interval must not be less than 1/,
    ],
    [{ LBAAS_ALLOW_AUTOMATIC_FAILOVER: 'maybe' }, /option allow_automatic_failover .*must be a boolean/],
    [
      { LBAAS_DATABASE_CONNECTION: 'mysql://u:secret@h/d' },
      /option connection .* = <secret>: connection must be a postgresql:\/\/ URL/,
    ],
  ])('refuses %j with one line naming the option and the rule', (env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(message);
  });

  it('never prints a secret in its error', () => {
    expect(() => load({ LBAAS_DATABASE_CONNECTION: 'mysql://u:hunter2@h/d' })).toThrow(/^(?!.*hunter2)/);
  });

  it('names the file and section a bad value came from', () => {
    expect(() => load({}, { '/etc/agent.ini': '[AGENT]\nreport_interval = -3\n' })).toThrow(
      /report_interval \(\/etc\/agent.ini \[AGENT\]\) = -3/,
    );
  });

  it('fails clearly on a missing config file or a dangling --config-file', () => {
    expect(() =>
      loadConfig(SampleConfig, {
        argv: ['--config-file', '/nope.ini'],
        env: {},
        readFile: () => {
          throw new Error('ENOENT');
        },
      }),
    ).toThrow(/cannot read config file \/nope.ini/);
    expect(() => configFilesFromArgv(['--config-file'])).toThrow(/needs a path/);
    expect(configFilesFromArgv(['--config-file=/a', 'migrate', '--config-file', '/b'])).toEqual(['/a', '/b']);
  });

  it('masks secrets when describing the effective configuration', () => {
    expect(describeConfig(load())).toEqual({
      report_interval: 2,
      allow_automatic_failover: true,
      connection: 'postgresql://u:***@127.0.0.1/db',
      log_file: undefined,
    });
  });
});
