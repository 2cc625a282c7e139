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
