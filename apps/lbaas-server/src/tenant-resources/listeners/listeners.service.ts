import type { ListQuery } from '../../platform/listing/list-query';
import type { RowPage } from '../../platform/listing/read-list-page';
import { idsByParent } from '../../platform/listing/group-by';
import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { type ListenerProtocol, ProvisioningStatus } from '@lbaas/contracts';
import type { Caller } from '../../platform/auth/caller';
import { CertificatesService } from '../../cloud-apis/certificates/certificates.service';
import { newObjectColumns, updatedObjectColumns } from '../../lb-graph/entities/provisioned-resource';
import { L7PolicyEntity } from '../../lb-graph/entities/l7-policy.entity';
import { findOwned, findVisible, readVisiblePage } from '../../platform/rest/project-scope';
import type { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { IpamError, parseAccessCidr, parseAddress } from '../../cloud-apis/networking/ipam';
import { PoolEntity } from '../../lb-graph/entities/pool.entity';
import { markForDeletion } from '../../lb-graph/cascade';
import { lockedChild } from '../../lb-graph/graph-lock';
import { GraphChangesService } from '../../lb-graph/graph-changes.service';
import { QuotasService } from '../quotas/quotas.service';
import { ListenerEntity } from '../../lb-graph/entities/listener.entity';
import { type TlsPolicy, TlsPolicyService } from '../../lb-graph/tls-policy.service';
import {
  type ClientAuthenticationSettings,
  clientAuthenticationProblem,
  insertHeadersProblem,
  listenerTransport,
  normaliseInsertHeaders,
  protocolMismatchProblem,
  tlsHttpProblem,
  udpListenerProblem,
} from './listener-rules';
import { listenerView, type ListenerView, LISTENER_COLUMNS } from './listener.view';
import type { CreateListenerBody, ListenerSpec, UpdateListenerBody } from './listeners.dto';
import { ApiError } from '../../platform/api-errors/api-error';

export function listenerNotFound(id: string): ApiError {
  return new ApiError('ListenerNotFound', `Listener ${id} could not be found.`);
}

@Injectable()
export class ListenersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly graph: GraphChangesService,
    private readonly quotas: QuotasService,
    private readonly certificates: CertificatesService,
    private readonly tls: TlsPolicyService,
  ) {}

  private async views(listeners: ListenerEntity[]): Promise<ListenerView[]> {
    const ids = listeners.map((l) => l.id);
    const policies = ids.length
      ? await this.dataSource.manager.find(L7PolicyEntity, {
          where: { listenerId: In(ids) },
          select: { id: true, listenerId: true, position: true },
          order: { position: 'ASC' },
        })
      : [];
    const policiesOf = idsByParent(policies, (p) => p.listenerId);
    return listeners.map((l) => listenerView(l, policiesOf.get(l.id) ?? []));
  }

  /** One page of the list, read in SQL; undefined when the query needs more than columns. */
  async page(caller: Caller, query: ListQuery): Promise<RowPage<ListenerView> | undefined> {
    const page = await readVisiblePage(
      this.dataSource.manager,
      caller,
      ListenerEntity,
      LISTENER_COLUMNS,
      query,
    );
    return page && { rows: await this.views(page.rows), more: page.more };
  }

  async list(caller: Caller): Promise<ListenerView[]> {
    const rows = await findVisible(this.dataSource.manager, caller, ListenerEntity);
    return this.views(rows);
  }

  async get(caller: Caller, id: string): Promise<ListenerView> {
    return (await this.views([await this.find(caller, id)]))[0];
  }

  async create(caller: Caller, body: CreateListenerBody): Promise<ListenerView> {
    const id = await this.graph.change(caller, body.loadbalancer_id, (manager, lb) =>
      this.insertListener(manager, lb, body),
    );
    return this.get(caller, id);
  }

  /** Adds a listener to a load balancer the caller's transaction has locked; returns its id. */
  async insertListener(manager: EntityManager, lb: LoadBalancerEntity, body: ListenerSpec): Promise<string> {
    const id = randomUUID();
    await this.quotas.assertBelowQuota(manager, lb.projectId, 'listener');
    const samePort = await manager.find(ListenerEntity, {
      where: { loadbalancerId: lb.id, protocolPort: body.protocol_port },
      select: { id: true, protocol: true },
    });
    // Per transport: a UDP listener and a TCP-borne one may share a port (DNS on 53).
    const transport = listenerTransport(body.protocol);
    if (samePort.some((listener) => listenerTransport(listener.protocol) === transport)) {
      throw new ApiError(
        'DuplicateListenerPort',
        `Load Balancer ${lb.id} already has a listener with protocol_port of ${body.protocol_port}` +
          (transport === 'UDP' ? ' (UDP)' : ''),
      );
    }
    const settings = await this.checkedSettings(manager, lb, body.protocol, body, {
      defaultTlsContainerRef: null,
    });
    await manager.insert(ListenerEntity, {
      id,
      ...newObjectColumns(lb.projectId, body),
      loadbalancerId: lb.id,
      protocol: body.protocol,
      protocolPort: body.protocol_port,
      ...settings,
    });
    return id;
  }

  async update(caller: Caller, id: string, body: UpdateListenerBody): Promise<ListenerView> {
    const found = await this.find(caller, id);
    await this.graph.change(caller, found.loadbalancerId, async (manager, lb) => {
      const listener = await lockedChild(manager, ListenerEntity, id, listenerNotFound);
      const settings = await this.checkedSettings(manager, lb, listener.protocol, body, listener);
      await manager.update(
        ListenerEntity,
        { id },
        {
          ...updatedObjectColumns(listener, body),
          provisioningStatus: ProvisioningStatus.PendingUpdate,
          ...settings,
        },
      );
    });
    return this.get(caller, id);
  }

  async delete(caller: Caller, id: string): Promise<void> {
    const listener = await this.find(caller, id);
    await this.graph.change(caller, listener.loadbalancerId, async (manager) => {
      // Octavia's semantics: the listener's L7 policies and their rules go with it.
      await markForDeletion(manager, 'listener', id);
    });
  }

  async find(caller: Caller, id: string): Promise<ListenerEntity> {
    return findOwned(this.dataSource.manager, caller, ListenerEntity, id, listenerNotFound);
  }

  /** The settable fields after every cross-object rule: given values, else the current (or default) ones. */
  private async checkedSettings(
    manager: EntityManager,
    lb: LoadBalancerEntity,
    protocol: ListenerProtocol,
    body: UpdateListenerBody,
    current: Partial<ListenerEntity>,
  ): Promise<Partial<ListenerEntity>> {
    const udpProblem = udpListenerProblem(protocol, body);
    if (udpProblem) throw new BadRequestException(`Invalid input for ${udpProblem}`);
    const defaultPoolId =
      body.default_pool_id === undefined ? (current.defaultPoolId ?? null) : body.default_pool_id;
    if (defaultPoolId) await this.checkDefaultPool(manager, lb, protocol, defaultPoolId);
    const tlsRef =
      body.default_tls_container_ref === undefined
        ? (current.defaultTlsContainerRef ?? null)
        : body.default_tls_container_ref;
    if (protocol === 'TERMINATED_HTTPS' && !tlsRef) {
      throw new BadRequestException(
        'Invalid input for default_tls_container_ref: a TERMINATED_HTTPS listener needs a certificate',
      );
    }
    if (
      protocol === 'TERMINATED_HTTPS' &&
      tlsRef &&
      !(await this.certificates.containerExists(manager, lb.projectId, tlsRef))
    ) {
      throw new BadRequestException(
        `Invalid input for default_tls_container_ref: no certificate container ${tlsRef} in project ${lb.projectId}`,
      );
    }
    const sniRefs = [...new Set(body.sni_container_refs ?? current.sniContainerRefs ?? [])];
    if (sniRefs.length > 0 && protocol !== 'TERMINATED_HTTPS') {
      throw new BadRequestException(
        'Invalid input for sni_container_refs: certificates are only allowed on TERMINATED_HTTPS listeners',
      );
    }
    for (const ref of sniRefs) {
      if (!(await this.certificates.containerExists(manager, lb.projectId, ref))) {
        throw new BadRequestException(
          `Invalid input for sni_container_refs: no certificate container ${ref} in project ${lb.projectId}`,
        );
      }
    }
    const headers = body.insert_headers ?? current.insertHeaders ?? {};
    const headerProblem = insertHeadersProblem(protocol, headers);
    if (headerProblem) throw new BadRequestException(`Invalid input for insert_headers: ${headerProblem}`);
    const allowedCidrs =
      body.allowed_cidrs === undefined ? (current.allowedCidrs ?? []) : (body.allowed_cidrs ?? []);
    const tlsHttp = {
      alpnProtocols:
        body.alpn_protocols === undefined ? (current.alpnProtocols ?? null) : body.alpn_protocols,
      hstsMaxAge: body.hsts_max_age === undefined ? (current.hstsMaxAge ?? null) : body.hsts_max_age,
      hstsIncludeSubdomains: body.hsts_include_subdomains ?? current.hstsIncludeSubdomains ?? false,
      hstsPreload: body.hsts_preload ?? current.hstsPreload ?? false,
    };
    const tlsHttpIssue = tlsHttpProblem(protocol, tlsHttp);
    if (tlsHttpIssue) throw new BadRequestException(`Invalid input for ${tlsHttpIssue}`);
    return {
      ...tlsHttp,
      ...this.checkedTlsPolicy(protocol, body, current),
      ...(await this.checkedClientAuthentication(manager, lb, protocol, body, current)),
      alpnProtocols: tlsHttp.alpnProtocols && [...new Set(tlsHttp.alpnProtocols)],
      connectionLimit: body.connection_limit ?? current.connectionLimit ?? -1,
      defaultPoolId,
      defaultTlsContainerRef: tlsRef,
      sniContainerRefs: sniRefs,
      insertHeaders: normaliseInsertHeaders(headers),
      timeoutClientData: body.timeout_client_data ?? current.timeoutClientData ?? 50000,
      timeoutMemberConnect: body.timeout_member_connect ?? current.timeoutMemberConnect ?? 5000,
      timeoutMemberData: body.timeout_member_data ?? current.timeoutMemberData ?? 50000,
      timeoutTcpInspect: body.timeout_tcp_inspect ?? current.timeoutTcpInspect ?? 0,
      allowedCidrs: this.checkedCidrs(lb, allowedCidrs),
    };
  }

  /** tls_versions and tls_ciphers: TERMINATED_HTTPS listeners only, the operator's defaults unless given. */
  private checkedTlsPolicy(
    protocol: ListenerProtocol,
    body: UpdateListenerBody,
    current: Partial<ListenerEntity>,
  ): TlsPolicy {
    if (protocol === 'TERMINATED_HTTPS') return this.tls.settle(body, current, this.tls.listenerDefaults);
    const field = body.tls_versions
      ? 'tls_versions'
      : typeof body.tls_ciphers === 'string'
        ? 'tls_ciphers'
        : null;
    if (field)
      throw new BadRequestException(
        `Invalid input for ${field}: TLS settings apply to TERMINATED_HTTPS listeners only, not ${protocol}`,
      );
    return { tlsVersions: null, tlsCiphers: null };
  }

  /** Client authentication after its rules; the CA and revocation list must be fitting secrets. */
  private async checkedClientAuthentication(
    manager: EntityManager,
    lb: LoadBalancerEntity,
    protocol: ListenerProtocol,
    body: UpdateListenerBody,
    current: Partial<ListenerEntity>,
  ): Promise<ClientAuthenticationSettings> {
    const settings: ClientAuthenticationSettings = {
      clientAuthentication: body.client_authentication ?? current.clientAuthentication ?? 'NONE',
      clientCaTlsContainerRef:
        body.client_ca_tls_container_ref === undefined
          ? (current.clientCaTlsContainerRef ?? null)
          : body.client_ca_tls_container_ref,
      clientCrlContainerRef:
        body.client_crl_container_ref === undefined
          ? (current.clientCrlContainerRef ?? null)
          : body.client_crl_container_ref,
    };
    const problem = clientAuthenticationProblem(protocol, settings);
    if (problem) throw new BadRequestException(`Invalid input for ${problem}`);
    const { clientCaTlsContainerRef: ca, clientCrlContainerRef: crl } = settings;
    if (ca)
      await this.certificates.assertSecretFits(
        manager,
        lb.projectId,
        ca,
        'ca',
        'client_ca_tls_container_ref',
      );
    if (crl)
      await this.certificates.assertSecretFits(manager, lb.projectId, crl, 'crl', 'client_crl_container_ref');
    return settings;
  }

  private async checkDefaultPool(
    manager: EntityManager,
    lb: LoadBalancerEntity,
    protocol: ListenerProtocol,
    poolId: string,
  ) {
    const pool = await manager.findOneBy(PoolEntity, { id: poolId });
    if (!pool || pool.projectId !== lb.projectId) {
      throw new ApiError('PoolNotFound', `Pool ${poolId} could not be found.`);
    }
    if (pool.loadbalancerId !== lb.id) {
      throw new BadRequestException(
        `Invalid input for default_pool_id: pool ${poolId} is not on load balancer ${lb.id}`,
      );
    }
    const mismatch = protocolMismatchProblem(protocol, pool.protocol);
    if (mismatch) throw new ApiError('ListenerPoolProtocolMismatch', mismatch);
  }

  private checkedCidrs(lb: LoadBalancerEntity, cidrs: string[]): string[] {
    const vipVersion = parseAddress(lb.vipAddress, 'vip_address').version;
    try {
      return cidrs.map((cidr) => {
        const parsed = parseAccessCidr(cidr, 'allowed_cidrs');
        if (parsed.version !== vipVersion) {
          throw new IpamError(
            'allowed_cidrs',
            `allowed_cidrs: ${cidr} is not of the VIP's IP version ${vipVersion}`,
          );
        }
        return parsed.cidr;
      });
    } catch (error) {
      if (error instanceof IpamError)
        throw new BadRequestException(`Invalid input for allowed_cidrs: ${error.message}`);
      throw error;
    }
  }
}
