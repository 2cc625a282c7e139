import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkUnits, lintSystemdUnits, parseUnit, readUnitFiles, type UnitFile } from './systemd-units';

const systemdDir = path.join(__dirname, '..', 'systemd');
const units = readUnitFiles(systemdDir);
const sysusers = fs.readFileSync(path.join(systemdDir, 'lbaas.sysusers.conf'), 'utf8');

/** The repository's units with one edit; the edit must apply, or the test would prove nothing. */
function withEdit(name: string, from: string | RegExp, to: string): UnitFile[] {
  return units.map((unit) => {
    if (unit.name !== name) return unit;
    const text = unit.text.replace(from, to);
    if (text === unit.text) throw new Error(`${name}: ${String(from)} not found`);
    return { name, text };
  });
}

describe('systemd units of the repository (deploy/systemd)', () => {
  it('are both found and pass the checks', () => {
    expect(units.map((unit) => unit.name)).toEqual(['lbaas-agent.service', 'lbaas-server.service']);
    expect(lintSystemdUnits(systemdDir)).toEqual([]);
  });
});

describe('systemd unit checks catch', () => {
  it('a command without its INI file from /etc/lbaas/', () => {
    const broken = withEdit('lbaas-server.service', /^(ExecStartPre=.*) --config-file \S+$/m, '$1');
    expect(checkUnits(broken, sysusers)).toEqual([
      'lbaas-server.service: ExecStartPre= passes no --config-file /etc/lbaas/<file>.ini',
    ]);
  });

  it('an agent unit that would kill haproxy on restart', () => {
    const broken = withEdit('lbaas-agent.service', /^KillMode=process$/m, 'KillMode=control-group');
    expect(checkUnits(broken, sysusers)).toEqual([
      'lbaas-agent.service: KillMode must be process (haproxy must outlive agent restarts)',
    ]);
  });

  it('a User= that the sysusers entry does not create', () => {
    const broken = withEdit('lbaas-server.service', /^User=lbaas$/m, 'User=lbaas-server');
    expect(checkUnits(broken, sysusers)).toEqual([
      'lbaas-server.service: User=lbaas-server is not created by lbaas.sysusers.conf',
    ]);
  });

  it('a unit without ExecStart=', () => {
    const broken = withEdit('lbaas-agent.service', /^ExecStart=.*$/m, '');
    expect(checkUnits(broken, sysusers)).toEqual(['lbaas-agent.service: no ExecStart=']);
  });
});

describe('parseUnit', () => {
  it('reads sections and settings; drops comments; joins continuation lines', () => {
    expect(parseUnit('# c\n[Unit]\nA=1\n; c\n[Service]\nExecStart=/bin/x \\\n  --y\n')).toEqual([
      { section: 'Unit', key: 'A', value: '1' },
      { section: 'Service', key: 'ExecStart', value: '/bin/x --y' },
    ]);
  });
});
