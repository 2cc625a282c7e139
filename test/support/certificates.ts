import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from '@lbaas/haproxy/testing/tls-fixtures';
import type { ApiClient } from './api';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A certificate container (Barbican subset) holding a fresh self-signed certificate for `commonName`
 * and its key, as a tenant would store it; returns the container reference.
 */
export async function createCertificateContainer(api: ApiClient, commonName: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'lbaas-tls-'));
  try {
    const tls = selfSignedCertificate(dir, commonName);
    const secret = async (name: string, payload: string) => {
      const created = await api.post<Json>('/v1/secrets', {
        name,
        payload,
        payload_content_type: 'text/plain',
      });
      if (created.status !== 201) throw new Error(`secret ${name}: ${created.status}`);
      return created.body.secret_ref as string;
    };
    const created = await api.post<Json>('/v1/containers', {
      type: 'certificate',
      name: commonName,
      secret_refs: [
        { name: 'certificate', secret_ref: await secret('cert', tls.certificate) },
        { name: 'private_key', secret_ref: await secret('key', tls.privateKey) },
      ],
    });
    if (created.status !== 201) throw new Error(`certificate container ${commonName}: ${created.status}`);
    return created.body.container_ref as string;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
