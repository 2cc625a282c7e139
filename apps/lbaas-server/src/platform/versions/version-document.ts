import { highestProvenMinorVersion } from './feature-levels';

/** Highest Octavia API version this server claims: every feature up to it works (feature-levels.ts). */
export const HIGHEST_MINOR_VERSION = highestProvenMinorVersion();
const FIRST_RELEASE = '2016-12-11T00:00:00Z';

export interface VersionEntry {
  id: string;
  status: 'SUPPORTED' | 'CURRENT';
  updated: string;
  links: { href: string; rel: 'self' }[];
}

/**
 * Octavia's root document: one entry per v2.N, every self link pointing at `<base>/v2`, which is where
 * openstacksdk then sends its requests. The last entry is CURRENT.
 */
export function versionDocument(baseUrl: string): { versions: VersionEntry[] } {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    versions: Array.from({ length: HIGHEST_MINOR_VERSION + 1 }, (_unused, minor) => ({
      id: `v2.${minor}`,
      status: minor === HIGHEST_MINOR_VERSION ? 'CURRENT' : 'SUPPORTED',
      updated: FIRST_RELEASE,
      links: [{ href: `${base}/v2`, rel: 'self' }],
    })),
  };
}

/**
 * `GET /v2` (and `/v2.0`): the current version alone, in the single-version form keystoneauth also
 * reads, so a catalog entry that already ends in a version still discovers (Octavia answers a bare string).
 */
export function currentVersionDocument(baseUrl: string): { version: VersionEntry } {
  const { versions } = versionDocument(baseUrl);
  return { version: versions[versions.length - 1] };
}
