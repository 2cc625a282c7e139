import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURE_LEVELS, highestProvenMinorVersion } from './feature-levels';
import { currentVersionDocument, HIGHEST_MINOR_VERSION, versionDocument } from './version-document';

describe('version document', () => {
  const document = versionDocument('http://127.0.0.1:9876/');

  it('lists every v2.N with the highest one CURRENT', () => {
    expect(document.versions.map((v) => v.id)).toEqual(
      Array.from({ length: HIGHEST_MINOR_VERSION + 1 }, (_u, i) => `v2.${i}`),
    );
    expect(document.versions.filter((v) => v.status === 'CURRENT').map((v) => v.id)).toEqual([
      `v2.${HIGHEST_MINOR_VERSION}`,
    ]);
  });

  it('points every self link at <host>/v2, where openstacksdk sends its requests', () => {
    for (const version of document.versions) {
      expect(version.links).toEqual([{ href: 'http://127.0.0.1:9876/v2', rel: 'self' }]);
    }
  });

  it('answers /v2 with the current version alone', () => {
    expect(currentVersionDocument('http://h:9876').version).toMatchObject({
      id: `v2.${HIGHEST_MINOR_VERSION}`,
      status: 'CURRENT',
      links: [{ href: 'http://h:9876/v2', rel: 'self' }],
    });
  });
});

describe('the version -> feature table', () => {
  it('advertises the highest version whose every feature up to it is proven, and no more', () => {
    expect(HIGHEST_MINOR_VERSION).toBe(highestProvenMinorVersion(FEATURE_LEVELS));
    expect(
      highestProvenMinorVersion([
        { minor: 1, features: 'a', provenBy: [{ file: 'f', test: 't' }] },
        { minor: 2, features: 'b', missing: 'why' },
        { minor: 3, features: 'c', provenBy: [{ file: 'f', test: 't' }] },
      ]),
    ).toBe(1);
  });

  it('lists each version once, with either the tests that prove it or what is missing', () => {
    expect(FEATURE_LEVELS.map((level) => level.minor)).toEqual(FEATURE_LEVELS.map((_l, i) => i + 1));
    for (const level of FEATURE_LEVELS) expect(!!level.provenBy?.length !== !!level.missing).toBe(true);
  });

  it.each(
    FEATURE_LEVELS.flatMap((level) => (level.provenBy ?? []).map((proof) => [level.minor, proof] as const)),
  )('v2.%s is proven by a test that exists', (_minor, { file, test }) => {
    const source = readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'test', file), 'utf8');
    expect(source).toContain(test);
  });
});
