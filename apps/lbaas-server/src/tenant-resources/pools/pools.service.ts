import type { ListQuery } from '../../platform/listing/list-query';
import type { RowPage } from '../../platform/listing/read-list-page';
import { idsByParent } from '../../platform/listing/group-by';
import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import { type LbAlgorithm, type PoolProtocol, ProvisioningStatus } from '@lbaas/contracts';
import type { Caller } from '../../platform/auth/caller';
import { newObjectColumns, updatedObjectColumns } from '../../lb-graph/entities/provisioned-resource';
import { findOwned, findVisible, readVisiblePage } from '../../platform/rest/project-scope';
import { HealthMonitorEntity } from '../../lb-graph/entities/health-monitor.entity';
import { L7PolicyEntity } from '../../lb-graph/entities/l7-policy.entity';
import { ListenerEntity } from '../../lb-graph/entities/listener.entity';
import { protocolMismatchProblem } from '../listeners/listener-rules';
import { ListenersService } from '../listeners/listeners.service';
import type { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { MemberEntity } from '../../lb-graph/entities/member.entity';
import { markForDeletion } from '../../lb-graph/cascade';
import { lockedChild } from '../../lb-graph/graph-lock';
import { GraphChangesService } from '../../lb-graph/graph-changes.service';
import { QuotasService } from '../quotas/quotas.service';
import { PoolEntity, type SessionPersistence } from '../../lb-graph/entities/pool.entity';
import { CertificatesService } from '../../cloud-apis/certificates/certificates.service';
import { TlsPolicyService } from '../../lb-graph/tls-policy.service';
import {
  lbAlgorithmProblem,
  type PoolTlsSettings,
  poolTlsProblem,
  sessionPersistenceProblem,
  storedSessionPersistence,
  udpPoolTlsProblem,
} from './pool-rules';
import { poolView, type PoolView, POOL_COLUMNS } from './pool.view';
import type { CreatePoolBody, PoolSpec, SessionPersistenceBody, UpdatePoolBody } from './pools.dto';
import { ApiError } from '../../platform/api-errors/api-error';

export function poolNotFound(id: string): ApiError {
  return new ApiError('PoolNotFound', `Pool ${id} could not be found.`);
}

@Injectable()
export class PoolsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly graph: GraphChangesService,
    private readonly listeners: ListenersService,
    private readonly quotas: QuotasService,
    private readonly certificates: CertificatesService,
    private readonly tls: TlsPolicyService,
  ) {}

  /** One page of the list, read in SQL; undefined when the query needs more than columns. */
  async page(caller: Caller, query: ListQuery): Promise<RowPage<PoolView> | undefined> {
    const page = await readVisiblePage(this.dataSource.manager, caller, PoolEntity, POOL_COLUMNS, query);
    return page && { rows: await this.views(page.rows), more: page.more };
  }

  async list(caller: Caller): Promise<PoolView[]> {
    const pools = await findVisible(this.dataSource.manager, caller, PoolEntity);
    return this.views(pools);
  }

  async get(caller: Caller, id: string): Promise<PoolView> {
    return (await this.views([await this.find(caller, id)]))[0];
  }

  async create(caller: Caller, body: CreatePoolBody): Promise<PoolView> {
    if (!body.loadbalancer_id && !body.listener_id) {
      throw new BadRequestException(
        'Invalid input for pool: one of loadbalancer_id or listener_id is required',
      );
    }
    const listener = body.listener_id ? await this.listeners.find(caller, body.listener_id) : undefined;
    if (listener && body.loadbalancer_id && listener.loadbalancerId !== body.loadbalancer_id) {
      throw new BadRequestException(
        `Invalid input for pool.listener_id: listener ${listener.id} is not on load balancer ${body.loadbalancer_id}`,
      );
    }
    const lbId = listener?.loadbalancerId ?? body.loadbalancer_id!;
    const pool = await this.graph.change(caller, lbId, (manager, lb) =>
      this.insertPool(manager, lb, body, listener?.id),
    );
    return this.get(caller, pool.id);
  }

  /**
   * Adds a pool to a load balancer the caller's transaction has locked, as the default pool of
   * `listenerId` when given.
   */
  async insertPool(
    manager: EntityManager,
    lb: LoadBalancerEntity,
    body: PoolSpec,
    listenerId?: string,
  ): Promise<PoolEntity> {
    if (!body.lb_algorithm)
      throw new BadRequestException('Invalid input for pool.lb_algorithm: lb_algorithm is required');
    this.checkAlgorithm(body.protocol, body.lb_algorithm);
    const persistence = this.checkedPersistence(body.protocol, body.session_persistence);
    await this.quotas.assertBelowQuota(manager, lb.projectId, 'pool');
    if (listenerId) {
      const listener = await manager.findOneByOrFail(ListenerEntity, { id: listenerId });
      if (listener.defaultPoolId) {
        throw new ApiError(
          'EntityInUse',
          `Listener ${listener.id} is already using default pool ${listener.defaultPoolId}.`,
        );
      }
      const mismatch = protocolMismatchProblem(listener.protocol, body.protocol);
      if (mismatch) throw new ApiError('ListenerPoolProtocolMismatch', mismatch);
    }
    const pool = manager.create(PoolEntity, {
      id: randomUUID(),
      ...newObjectColumns(lb.projectId, body),
      loadbalancerId: lb.id,
      protocol: body.protocol,
      lbAlgorithm: body.lb_algorithm,
      sessionPersistence: persistence ?? null,
      ...(await this.checkedTls(manager, lb, body.protocol, body, {})),
    });
    await manager.insert(PoolEntity, pool);
    if (listenerId) {
      await manager.update(
        ListenerEntity,
        { id: listenerId },
        { defaultPoolId: pool.id, provisioningStatus: ProvisioningStatus.PendingUpdate },
      );
    }
    return pool;
  }

  async update(caller: Caller, id: string, body: UpdatePoolBody): Promise<PoolView> {
    const found = await this.find(caller, id);
    if (body.lb_algorithm) this.checkAlgorithm(found.protocol, body.lb_algorithm);
    const persistence = this.checkedPersistence(found.protocol, body.session_persistence);
    await this.graph.change(caller, found.loadbalancerId, async (manager, lb) => {
      const pool = await lockedChild(manager, PoolEntity, id, poolNotFound);
      await manager.update(
        PoolEntity,
        { id },
        {
          ...updatedObjectColumns(pool, body),
          ...(await this.checkedTls(manager, lb, pool.protocol, body, pool)),
          lbAlgorithm: body.lb_algorithm ?? pool.lbAlgorithm,
          // Only a session_persistence key present in the body changes it; null or {} removes it.
          sessionPersistence: persistence === undefined ? pool.sessionPersistence : persistence,
          provisioningStatus: ProvisioningStatus.PendingUpdate,
        },
      );
    });
    return this.get(caller, id);
  }

  /** Octavia's semantics: the pool's members and health monitor go with it; listeners lose it as default. */
  async delete(caller: Caller, id: string): Promise<void> {
    const pool = await this.find(caller, id);
    await this.graph.change(caller, pool.loadbalancerId, async (manager) => {
      const redirecting = await manager.findOneBy(L7PolicyEntity, {
        redirectPoolId: id,
        provisioningStatus: Not(ProvisioningStatus.PendingDelete),
      });
      if (redirecting) {
        throw new ApiError(
          'EntityInUse',
          `Pool ${id} is used by L7 policy ${redirecting.id}; change or delete that policy first.`,
        );
      }
      await markForDeletion(manager, 'pool', id);
    });
  }

  async find(caller: Caller, id: string): Promise<PoolEntity> {
    return findOwned(this.dataSource.manager, caller, PoolEntity, id, poolNotFound);
  }

  /**
   * TLS towards members after its rules: the certificate must be a container of the project, the CA and
   * revocation list fitting secrets; a re-encrypting pool gets the operator's versions and ciphers unless
   * given.
   */
  private async checkedTls(
    manager: EntityManager,
    lb: LoadBalancerEntity,
    protocol: PoolProtocol,
    body: UpdatePoolBody,
    current: Partial<PoolEntity>,
  ): Promise<PoolTlsSettings & Pick<PoolEntity, 'tlsVersions' | 'tlsCiphers'>> {
    const given = <
      K extends 'tls_container_ref' | 'ca_tls_container_ref' | 'crl_container_ref' | 'alpn_protocols',
    >(
      key: K,
      now: UpdatePoolBody[K] | undefined,
    ) => (body[key] === undefined ? (now ?? null) : body[key]);
    const udpProblem = udpPoolTlsProblem(protocol, body);
    if (udpProblem) throw new BadRequestException(`Invalid input for ${udpProblem}`);
    const settings: PoolTlsSettings = {
      tlsEnabled: body.tls_enabled ?? current.tlsEnabled ?? false,
      tlsContainerRef: given('tls_container_ref', current.tlsContainerRef),
      caTlsContainerRef: given('ca_tls_container_ref', current.caTlsContainerRef),
      crlContainerRef: given('crl_container_ref', current.crlContainerRef),
      alpnProtocols: given('alpn_protocols', current.alpnProtocols),
    };
    const problem = poolTlsProblem(protocol, settings);
    if (problem) throw new BadRequestException(`Invalid input for ${problem}`);
    const { tlsContainerRef, caTlsContainerRef, crlContainerRef } = settings;
    if (tlsContainerRef && !(await this.certificates.containerExists(manager, lb.projectId, tlsContainerRef)))
      throw new BadRequestException(
        `Invalid input for tls_container_ref: no certificate container ${tlsContainerRef} in project ${lb.projectId}`,
      );
    if (caTlsContainerRef)
      await this.certificates.assertSecretFits(
        manager,
        lb.projectId,
        caTlsContainerRef,
        'ca',
        'ca_tls_container_ref',
      );
    if (crlContainerRef)
      await this.certificates.assertSecretFits(
        manager,
        lb.projectId,
        crlContainerRef,
        'crl',
        'crl_container_ref',
      );
    const policy = this.tls.settle(body, current, settings.tlsEnabled ? this.tls.poolDefaults : null);
    return {
      ...settings,
      alpnProtocols: settings.alpnProtocols && [...new Set(settings.alpnProtocols)],
      ...policy,
    };
  }

  /** undefined: not given; null: remove; else the checked persistence. */
  private checkedPersistence(
    protocol: PoolProtocol,
    given: SessionPersistenceBody | null | undefined,
  ): SessionPersistence | null | undefined {
    if (given === undefined) return undefined;
    if (given === null || !given.type) return null;
    const problem = sessionPersistenceProblem(protocol, given);
    if (problem) throw new BadRequestException(`Invalid input for session_persistence: ${problem}`);
    return storedSessionPersistence(protocol, given);
  }

  /** lb_algorithm against the pool's protocol (UDP pools: what the kernel can honour). */
  private checkAlgorithm(protocol: PoolProtocol, algorithm: LbAlgorithm): void {
    const problem = lbAlgorithmProblem(protocol, algorithm);
    if (problem) throw new BadRequestException(`Invalid input for ${problem}`);
  }

  private async views(pools: PoolEntity[]): Promise<PoolView[]> {
    const ids = pools.map((p) => p.id);
    if (ids.length === 0) return [];
    const manager = this.dataSource.manager;
    const listeners = await manager.find(ListenerEntity, {
      where: { defaultPoolId: In(ids) },
      select: { id: true, defaultPoolId: true },
    });
    const members = await manager.find(MemberEntity, {
      where: { poolId: In(ids) },
      select: { id: true, poolId: true, createdAt: true },
      order: { createdAt: 'ASC' },
    });
    const monitors = await manager.find(HealthMonitorEntity, {
      where: { poolId: In(ids) },
      select: { id: true, poolId: true },
    });
    const listenersOf = idsByParent(listeners, (l) => l.defaultPoolId);
    const membersOf = idsByParent(members, (m) => m.poolId);
    const monitorOf = idsByParent(monitors, (m) => m.poolId);
    return pools.map((pool) =>
      poolView(pool, {
        listenerIds: listenersOf.get(pool.id) ?? [],
        memberIds: membersOf.get(pool.id) ?? [],
        healthmonitorId: monitorOf.get(pool.id)?.[0] ?? null,
      }),
    );
  }
}
