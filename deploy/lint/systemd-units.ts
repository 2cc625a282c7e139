// Checks of the systemd units in deploy/systemd/ that systemd-analyze cannot make, because they are about
// this project's conventions: run by systemd-units.spec.ts with the unit tests. (systemd-analyze verify
// and systemd-sysusers need a shell and systemd's binaries: deploy/lint-deploy.sh runs them.)
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface UnitFile {
  name: string;
  text: string;
}

export interface UnitSetting {
  section: string;
  key: string;
  value: string;
}

export function readUnitFiles(dir: string): UnitFile[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.service'))
    .sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/** The Key=Value lines of a unit file, with their [Section]; comments dropped, continuation lines joined. */
export function parseUnit(text: string): UnitSetting[] {
  const settings: UnitSetting[] = [];
  let section = '';
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = pending + raw.trim();
    pending = '';
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.endsWith('\\')) {
      pending = `${line.slice(0, -1).trimEnd()} `;
      continue;
    }
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1];
      continue;
    }
    const equals = line.indexOf('=');
    if (equals > 0)
      settings.push({ section, key: line.slice(0, equals).trim(), value: line.slice(equals + 1).trim() });
  }
  return settings;
}

/**
 * Per unit: every command it runs gets its INI file from /etc/lbaas/ (the loader has no variable naming
 * the file); lbaas-agent keeps KillMode=process (the haproxy processes in its control group must outlive
 * agent restarts); a unit's User= other than root is created by the sysusers entry.
 */
export function checkUnits(units: UnitFile[], sysusers: string): string[] {
  const problems: string[] = [];
  const sysusersNames = new Set(
    sysusers
      .split(/\r?\n/)
      .map((line) => line.trim().split(/\s+/))
      .filter(([type]) => type === 'u')
      .map(([, name]) => name),
  );
  for (const { name, text } of units) {
    const settings = parseUnit(text).filter((setting) => setting.section === 'Service');
    // systemd applies the last assignment of a setting (for most of them; these are such).
    const last = (key: string) => settings.filter((setting) => setting.key === key).pop()?.value;
    const commands = settings.filter(
      (setting) => setting.key === 'ExecStart' || setting.key === 'ExecStartPre',
    );
    if (!commands.some((setting) => setting.key === 'ExecStart')) problems.push(`${name}: no ExecStart=`);
    for (const command of commands) {
      if (!/(^|\s)--config-file \/etc\/lbaas\/\S+\.ini(\s|$)/.test(command.value)) {
        problems.push(`${name}: ${command.key}= passes no --config-file /etc/lbaas/<file>.ini`);
      }
    }
    if (name === 'lbaas-agent.service' && last('KillMode') !== 'process') {
      problems.push(`${name}: KillMode must be process (haproxy must outlive agent restarts)`);
    }
    const user = last('User');
    if (user !== undefined && user !== 'root' && !sysusersNames.has(user)) {
      problems.push(`${name}: User=${user} is not created by lbaas.sysusers.conf`);
    }
  }
  return problems;
}

export function lintSystemdUnits(dir: string): string[] {
  return checkUnits(readUnitFiles(dir), fs.readFileSync(path.join(dir, 'lbaas.sysusers.conf'), 'utf8'));
}
