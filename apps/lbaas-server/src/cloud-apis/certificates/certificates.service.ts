import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Injectable,
  InternalServerErrorException,
  Logger,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { ListenerEntity } from '../../lb-graph/entities/listener.entity';
import { PoolEntity } from '../../lb-graph/entities/pool.entity';
import { findOwned, findVisible } from '../../platform/rest/project-scope';
import type { CreateContainerBody, CreateSecretBody } from './certificates.dto';
import { ServerConfig } from '../../platform/config/server.config';
import { caBundle, certificateBundle, PemError, revocationListPem } from './pem';
import { openSecret, SEALED_PREFIX, sealingKey, sealSecret, SecretSealingError } from './secret-sealing';
import { TlsContainerEntity, TlsSecretEntity } from './tls-secret.entity';
import { ApiError } from '../../platform/api-errors/api-error';

const secretNotFound = (id: string) => new ApiError('SecretNotFound', `Secret ${id} could not be found.`);
const containerNotFound = (id: string) =>
  new ApiError('ContainerNotFound', `Container ${id} could not be found.`);

/** The id at the end of a Barbican reference (`…/v1/containers/<id>`), or a bare id. */
export function idOfRef(ref: string): string | undefined {
  const id = ref.split('/').pop()?.toLowerCase();
  return id && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) ? id : undefined;
}

/** Whether `ref` names `id` (references are kept as the caller gave them: a URL or a bare id). */
function refersTo(ref: string | null, id: string): boolean {
  return !!ref && idOfRef(ref) === id;
}

/** What a secret holds for a listener or pool: a CA bundle or a certificate revocation list. */
export type SecretUse = 'ca' | 'crl';

/**
 * The TLS material listeners and pools use, kept in a Barbican-compatible subset so that clients pass the
 * same references as with Octavia: certificate containers (certificate, key, intermediates) and secrets
 * (CA bundles and revocation lists, referenced directly).
 */
@Injectable()
export class CertificatesService implements OnModuleInit {
  private readonly logger = new Logger(CertificatesService.name);
  private readonly key: Buffer | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ServerConfig,
  ) {
    this.key = sealingKey(config.certificatesEncryptionKey);
  }

  onModuleInit(): void {
    if (!this.key) {
      this.logger.warn(
        'secret payloads (TLS private keys) are stored unencrypted: set [certificates] encryption_key',
      );
    }
  }

  async createSecret(caller: Caller, body: CreateSecretBody): Promise<TlsSecretEntity> {
    // Read back, such a payload would be taken for a sealed one.
    if (body.payload.startsWith(SEALED_PREFIX)) {
      throw new BadRequestException(`Invalid input for payload: it must not start with ${SEALED_PREFIX}`);
    }
    const repository = this.dataSource.getRepository(TlsSecretEntity);
    return repository.save(
      repository.create({
        id: randomUUID(),
        projectId: caller.projectId,
        name: body.name ?? '',
        payload: sealSecret(body.payload, this.key),
      }),
    );
  }

  listSecrets(caller: Caller): Promise<TlsSecretEntity[]> {
    return findVisible(this.dataSource.manager, caller.withoutLoadBalancerRoles(), TlsSecretEntity);
  }

  getSecret(caller: Caller, id: string): Promise<TlsSecretEntity> {
    return findOwned(
      this.dataSource.manager,
      caller.withoutLoadBalancerRoles(),
      TlsSecretEntity,
      id,
      secretNotFound,
    );
  }

  /**
   * A secret in use stays (409): a container's foreign key refuses the delete, and listeners and pools
   * that name it as CA or revocation list are looked for under the row's lock (they take it shared while
   * they adopt the secret: no one slips in between).
   */
  async deleteSecret(caller: Caller, id: string): Promise<void> {
    const { projectId } = await this.getSecret(caller, id);
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.findOne(TlsSecretEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
        const user = await this.secretUser(manager, projectId, id);
        if (user) throw new ApiError('SecretInUse', `Secret ${id} is in use by ${user}.`);
        await manager.delete(TlsSecretEntity, { id });
      });
    } catch (error) {
      if (!(error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23503'))
        throw error;
      const container = await this.dataSource.getRepository(TlsContainerEntity).findOne({
        select: { id: true },
        where: [{ certificateId: id }, { privateKeyId: id }, { intermediatesId: id }],
      });
      throw new ApiError(
        'SecretInUse',
        `Secret ${id} is in use by container ${container?.id ?? '(being created)'}.`,
      );
    }
  }

  /** The listener or pool of the project that names secret `id`, as `listener <id>`, if any. */
  private async secretUser(
    manager: EntityManager,
    projectId: string,
    id: string,
  ): Promise<string | undefined> {
    const listeners = await manager.find(ListenerEntity, {
      select: { id: true, clientCaTlsContainerRef: true, clientCrlContainerRef: true },
      where: { loadbalancer: { projectId } },
    });
    const listener = listeners.find(
      (l) => refersTo(l.clientCaTlsContainerRef, id) || refersTo(l.clientCrlContainerRef, id),
    );
    if (listener) return `listener ${listener.id}`;
    const pools = await manager.find(PoolEntity, {
      select: { id: true, caTlsContainerRef: true, crlContainerRef: true },
      where: { projectId },
    });
    const pool = pools.find((p) => refersTo(p.caTlsContainerRef, id) || refersTo(p.crlContainerRef, id));
    return pool && `pool ${pool.id}`;
  }

  async createContainer(caller: Caller, body: CreateContainerBody): Promise<TlsContainerEntity> {
    const refs = new Map(body.secret_refs.map((ref) => [ref.name, idOfRef(ref.secret_ref)]));
    for (const required of ['certificate', 'private_key'] as const) {
      if (!refs.get(required))
        throw new BadRequestException(`Invalid input for secret_refs: a ${required} secret is required`);
    }
    const secret = async (name: 'certificate' | 'private_key' | 'intermediates') => {
      const id = refs.get(name);
      return id ? this.getSecret(caller, id) : undefined;
    };
    const certificate = (await secret('certificate'))!;
    const privateKey = (await secret('private_key'))!;
    const intermediates = await secret('intermediates');
    this.checkedBundle(
      this.open(certificate.payload),
      this.open(privateKey.payload),
      intermediates && this.open(intermediates.payload),
    );
    const repository = this.dataSource.getRepository(TlsContainerEntity);
    return repository.save(
      repository.create({
        id: randomUUID(),
        projectId: caller.projectId,
        name: body.name ?? '',
        certificateId: certificate.id,
        privateKeyId: privateKey.id,
        intermediatesId: intermediates?.id ?? null,
      }),
    );
  }

  listContainers(caller: Caller): Promise<TlsContainerEntity[]> {
    return findVisible(this.dataSource.manager, caller.withoutLoadBalancerRoles(), TlsContainerEntity);
  }

  getContainer(caller: Caller, id: string): Promise<TlsContainerEntity> {
    return findOwned(
      this.dataSource.manager,
      caller.withoutLoadBalancerRoles(),
      TlsContainerEntity,
      id,
      containerNotFound,
    );
  }

  /**
   * A container a listener (default or SNI certificate) or a pool (certificate for its members) uses stays:
   * the listener or pool could not be deployed.
   */
  async deleteContainer(caller: Caller, id: string): Promise<void> {
    const { projectId } = await this.getContainer(caller, id);
    await this.dataSource.transaction(async (manager) => {
      // Listeners and pools take this row's lock (shared) while they adopt the container: no one slips in.
      await manager.findOne(TlsContainerEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const listeners = await manager.find(ListenerEntity, {
        select: { id: true, defaultTlsContainerRef: true, sniContainerRefs: true },
        where: { protocol: 'TERMINATED_HTTPS', loadbalancer: { projectId } },
      });
      const listener = listeners.find((l) =>
        [l.defaultTlsContainerRef, ...l.sniContainerRefs].some((ref) => refersTo(ref, id)),
      );
      if (listener) {
        throw new ApiError('ContainerInUse', `Container ${id} is in use by listener ${listener.id}.`);
      }
      const pools = await manager.find(PoolEntity, {
        select: { id: true, tlsContainerRef: true },
        where: { projectId },
      });
      const pool = pools.find((p) => refersTo(p.tlsContainerRef, id));
      if (pool) throw new ApiError('ContainerInUse', `Container ${id} is in use by pool ${pool.id}.`);
      await manager.delete(TlsContainerEntity, { id });
    });
  }

  /**
   * Whether `ref` names a container of `projectId` (listeners may only use their own project's). Called
   * in the listener's transaction: the row stays locked (shared) until it commits, so the container
   * cannot be deleted under a listener being written.
   */
  async containerExists(manager: EntityManager, projectId: string, ref: string): Promise<boolean> {
    const id = idOfRef(ref);
    if (id === undefined) return false;
    const container = await manager.findOne(TlsContainerEntity, {
      where: { id, projectId },
      lock: { mode: 'pessimistic_read' },
    });
    return container !== null;
  }

  /** The PEM bundle haproxy loads for a container reference, or null when it no longer resolves. */
  async bundleFor(manager: EntityManager, projectId: string, ref: string): Promise<string | null> {
    const id = idOfRef(ref);
    const container = id ? await manager.findOneBy(TlsContainerEntity, { id, projectId }) : null;
    if (!container) return null;
    const payload = async (secretId: string | null) => {
      const secret = secretId ? await manager.findOneBy(TlsSecretEntity, { id: secretId }) : null;
      return secret ? this.open(secret.payload) : null;
    };
    const certificate = await payload(container.certificateId);
    const privateKey = await payload(container.privateKeyId);
    if (!certificate || !privateKey) return null;
    return this.checkedBundle(certificate, privateKey, await payload(container.intermediatesId));
  }

  /**
   * The PEM of secret `ref` of `projectId` used as `use` (a CA bundle or a revocation list) by `field`,
   * checked (a 400 naming the field when it holds something else); null when there is no such secret.
   */
  secretPem(
    manager: EntityManager,
    projectId: string,
    ref: string,
    use: SecretUse,
    field: string,
  ): Promise<string | null> {
    return this.readSecretPem(manager, projectId, ref, use, field, false);
  }

  /**
   * Checks that `ref` names a fitting secret of `projectId` (a 400 naming `field` otherwise). Called in
   * the writer's transaction: the row stays locked (shared) until it commits, so it cannot be deleted
   * under a listener or pool being written.
   */
  async assertSecretFits(
    manager: EntityManager,
    projectId: string,
    ref: string,
    use: SecretUse,
    field: string,
  ): Promise<void> {
    if ((await this.readSecretPem(manager, projectId, ref, use, field, true)) === null)
      throw new BadRequestException(`Invalid input for ${field}: no secret ${ref} in project ${projectId}`);
  }

  private async readSecretPem(
    manager: EntityManager,
    projectId: string,
    ref: string,
    use: SecretUse,
    field: string,
    lock: boolean,
  ): Promise<string | null> {
    const id = idOfRef(ref);
    const secret = id
      ? await manager.findOne(TlsSecretEntity, {
          where: { id, projectId },
          ...(lock ? { lock: { mode: 'pessimistic_read' as const } } : {}),
        })
      : null;
    if (!secret) return null;
    const payload = this.open(secret.payload);
    try {
      return use === 'ca' ? caBundle(payload, field) : revocationListPem(payload, field);
    } catch (error) {
      if (error instanceof PemError) throw new BadRequestException(`Invalid input for ${error.message}`);
      throw error;
    }
  }

  /**
   * Every stored payload sealed with the configured key (`seal`: those still in clear), or opened back to
   * clear (`unseal`, before the key changes or goes). One transaction; returns how many changed.
   */
  async reseal(mode: 'seal' | 'unseal'): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      let changed = 0;
      for (const secret of await manager.find(TlsSecretEntity, { lock: { mode: 'pessimistic_write' } })) {
        const sealed = secret.payload.startsWith(SEALED_PREFIX);
        if (sealed === (mode === 'seal')) continue;
        const payload = mode === 'seal' ? sealSecret(secret.payload, this.key) : this.open(secret.payload);
        await manager.update(TlsSecretEntity, { id: secret.id }, { payload });
        changed++;
      }
      return changed;
    });
  }

  /** A stored payload in clear; a key problem is the operator's to fix, so it is a 500 that names it. */
  private open(stored: string): string {
    try {
      return openSecret(stored, this.key);
    } catch (error) {
      if (!(error instanceof SecretSealingError)) throw error;
      this.logger.error({ err: error.message }, 'cannot read a stored secret');
      throw new InternalServerErrorException(`Cannot read a stored secret: ${error.message}.`);
    }
  }

  private checkedBundle(certificate: string, privateKey: string, intermediates?: string | null): string {
    try {
      return certificateBundle({ certificate, privateKey, intermediates });
    } catch (error) {
      if (error instanceof PemError)
        throw new BadRequestException(`Invalid input for secret_refs: ${error.message}`);
      throw error;
    }
  }
}
