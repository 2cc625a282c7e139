import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from '@lbaas/haproxy/testing/tls-fixtures';
import type { ApiClient } from './api';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A secret (Barbican subset) holding `payload` (a PEM CA bundle, CRL, certificate or key); its reference. */
export async function createSecret(api: ApiClient, name: string, payload: string): Promise<string> {
  const created = await api.post<Json>('/v1/secrets', { name, payload, payload_content_type: 'text/plain' });
  if (created.status !== 201) throw new Error(`secret ${name}: ${created.status}`);
  return created.body.secret_ref as string;
}

/** A certificate container holding `tls` (certificate and key), as a tenant would store it; its reference. */
export async function storeCertificate(
  api: ApiClient,
  name: string,
  tls: { certificate: string; privateKey: string },
): Promise<string> {
  const created = await api.post<Json>('/v1/containers', {
    type: 'certificate',
    name,
    secret_refs: [
      { name: 'certificate', secret_ref: await createSecret(api, 'cert', tls.certificate) },
      { name: 'private_key', secret_ref: await createSecret(api, 'key', tls.privateKey) },
    ],
  });
  if (created.status !== 201) throw new Error(`certificate container ${name}: ${created.status}`);
  return created.body.container_ref as string;
}

/**
 * A certificate container (Barbican subset) holding a fresh self-signed certificate for `commonName`
 * and its key, as a tenant would store it; returns the container reference.
 */
export async function createCertificateContainer(api: ApiClient, commonName: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'lbaas-tls-'));
  try {
    return await storeCertificate(api, commonName, selfSignedCertificate(dir, commonName));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
