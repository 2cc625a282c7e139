import { optionsOf } from '../option.decorator';

/**
 * Checks of a shipped sample INI file against a config class (used by both apps' sample-config specs):
 * every declared option present in a section the loader reads, nothing else, each once, each documented.
 */
export interface OptionLine {
  /** Lower-cased, as the loader compares sections. */
  section: string;
  name: string;
  /** The comment lines right above the option. */
  comment: string[];
}

/** The `name = value` lines of an INI text, with their section and the comment block above each. */
export function optionLines(text: string): OptionLine[] {
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

/** The block scalar `<key>: |` of a ConfigMap manifest, de-indented (no YAML parser needed). */
export function configMapEntry(manifest: string, key: string): string {
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

export interface SampleProblems {
  /** Declared options the text does not set (in a section the loader reads). */
  missing: string[];
  /** Lines that set something that is not an option there. */
  unknown: string[];
  duplicates: string[];
  /** Options without what it does, `Default:`, `Allowed:` and their environment variable above them. */
  undocumented: string[];
}

export function sampleProblems(configClass: new () => object, text: string): SampleProblems {
  const options = optionsOf(configClass);
  const lines = optionLines(text);
  const readsLine = (o: (typeof options)[number], l: OptionLine) =>
    l.name === o.name && o.sections.some((s) => s.toLowerCase() === l.section);
  const names = lines.map((l) => l.name);
  return {
    missing: options
      .filter((o) => !lines.some((l) => readsLine(o, l)))
      .map((o) => `[${o.sections[0]}] ${o.name}`),
    unknown: lines
      .filter((l) => !options.some((o) => readsLine(o, l)))
      .map((l) => `[${l.section}] ${l.name}`),
    duplicates: names.filter((name, i) => names.indexOf(name) !== i),
    undocumented: options
      .filter((o) => {
        const comment = lines.find((l) => l.name === o.name)?.comment.join(' ') ?? '';
        return !(comment.includes('Default:') && comment.includes('Allowed:') && comment.includes(o.env));
      })
      .map((o) => o.name),
  };
}
