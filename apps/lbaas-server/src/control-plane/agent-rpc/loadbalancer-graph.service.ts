import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter } from 'prom-client';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import type {
  AdditionalAddressGraph,
  LoadBalancerGraph,
  LoadBalancerRevision,
  PoolGraph,
} from '@lbaas/contracts';
import { CertificatesService, type SecretUse } from '../../cloud-apis/certificates/certificates.service';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { FlavorEntity, FlavorProfileEntity } from '../../lb-graph/entities/flavor.entity';
import { parseFlavorData } from '../../lb-graph/flavor-data';
import { loadTree } from '../../lb-graph/load-balancer-tree';
import { fullSessionPersistence } from '../../lb-graph/session-persistence';
import { parseCidr } from '../../cloud-apis/networking/ipam';
import { NetworkEntity } from '../../cloud-apis/networking/network.entity';
import { IpAllocationEntity, PortEntity } from '../../cloud-apis/networking/port.entity';
import { SubnetEntity } from '../../cloud-apis/networking/subnet.entity';
import { ServerConfig } from '../../platform/config/server.config';
import type { AgentEntity } from '../agents/agent.entity';
import { keyDecision } from './key-transport';
import { InstancesService } from '../instances/instances.service';

/** A graph with private keys asked for by an agent too old to be sent one without them. */
class KeysWithheldError extends Error {
  override name = 'KeysWithheld';
}

const withheldGraphs = new Counter({
  name: 'lbaas_private_keys_withheld_total',
  help: 'Graphs sent to an agent without their private keys because a broker link is not TLS.',
});

/** Builds the graph an agent converges to (ids and validated values only; never names or descriptions). */
@Injectable()
export class LoadBalancerGraphService {
  private readonly logger = new Logger(LoadBalancerGraphService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly certificates: CertificatesService,
    private readonly config: ServerConfig,
    private readonly instances: InstancesService,
  ) {}

  /**
   * The graph for `agent` as it may travel (key-transport.ts): without its private keys (and saying why)
   * unless the server's and the agent's broker links are both TLS, or the operator allows plain links.
   * `agentTls`: what the agent says of its link in this very request (contract 1.9), else in its last
   * heartbeat. An agent older than 1.9 gets an error instead of a stripped graph.
   */
  async graphForAgent(
    loadBalancerId: string,
    agent: AgentEntity,
    agentTls: boolean | undefined,
  ): Promise<LoadBalancerGraph | null> {
    const graph = await this.graph(loadBalancerId, agent.id);
    if (!graph) return graph;
    const decision = keyDecision(graph, {
      serverTls: this.config.rabbitSsl,
      agentTls: agentTls ?? (agent.configurations.broker_tls as boolean | undefined),
      agentHost: agent.host,
      allowPlain: this.config.allowKeysOverPlainBroker,
    });
    const reason = decision.send === 'refusal' ? decision.reason : decision.graph.secrets_withheld;
    if (reason) {
      withheldGraphs.inc();
      this.logger.warn({ loadbalancer_id: loadBalancerId, agent_host: agent.host, reason }, reason);
    }
    if (decision.send === 'refusal') throw new KeysWithheldError(decision.reason);
    return decision.graph;
  }

  /**
   * The graph of a load balancer hosted by `agentId` (for ACTIVE_STANDBY, with the instance it runs);
   * null when it is gone or hosted elsewhere.
   */
  async graph(loadBalancerId: string, agentId: string): Promise<LoadBalancerGraph | null> {
    const manager = this.dataSource.manager;
    const lb = await manager.findOneBy(LoadBalancerEntity, { id: loadBalancerId });
    if (!lb) return null;
    const vrrp = lb.topology === 'ACTIVE_STANDBY' ? await this.instances.vrrpGraph(lb.id, agentId) : null;
    if (lb.topology === 'ACTIVE_STANDBY' ? !vrrp : lb.agentId !== agentId) return null;
    const port = await manager.findOneByOrFail(PortEntity, { id: lb.vipPortId });
    const subnet = await manager.findOneByOrFail(SubnetEntity, { id: lb.vipSubnetId });
    const network = await manager.findOneByOrFail(NetworkEntity, { id: lb.vipNetworkId });
    const { listeners, pools, members, monitors, policies, rules } = await loadTree(manager, lb);
    const certificates = new Map<string, string | null>();
    const sniCertificates = new Map<string, string[]>();
    const secretPem = (ref: string | null, use: SecretUse, field: string) =>
      ref ? this.certificates.secretPem(manager, lb.projectId, ref, use, field) : Promise.resolve(null);
    const clientCas = new Map<string, string | null>();
    const clientCrls = new Map<string, string | null>();
    for (const listener of listeners) {
      if (listener.protocol !== 'TERMINATED_HTTPS') continue;
      if (listener.defaultTlsContainerRef) {
        certificates.set(
          listener.id,
          await this.certificates.bundleFor(manager, lb.projectId, listener.defaultTlsContainerRef),
        );
      }
      const sni: string[] = [];
      for (const ref of listener.sniContainerRefs) {
        const bundle = await this.certificates.bundleFor(manager, lb.projectId, ref);
        if (bundle) sni.push(bundle);
      }
      sniCertificates.set(listener.id, sni);
      clientCas.set(
        listener.id,
        await secretPem(listener.clientCaTlsContainerRef, 'ca', 'client_ca_tls_container_ref'),
      );
      clientCrls.set(
        listener.id,
        await secretPem(listener.clientCrlContainerRef, 'crl', 'client_crl_container_ref'),
      );
    }
    const poolTls = new Map<
      string,
      Pick<PoolGraph, 'tls_certificate_pem' | 'ca_certificate_pem' | 'crl_pem'>
    >();
    for (const pool of pools) {
      if (!pool.tlsEnabled) continue;
      poolTls.set(pool.id, {
        tls_certificate_pem: pool.tlsContainerRef
          ? await this.certificates.bundleFor(manager, lb.projectId, pool.tlsContainerRef)
          : null,
        ca_certificate_pem: await secretPem(pool.caTlsContainerRef, 'ca', 'ca_tls_container_ref'),
        crl_pem: await secretPem(pool.crlContainerRef, 'crl', 'crl_container_ref'),
      });
    }

    return {
      id: lb.id,
      ...(vrrp ? { vrrp } : {}),
      // Read before the rest of the graph: a change made meanwhile bumps it, and the agent fetches again.
      revision: Number(lb.revision),
      project_id: lb.projectId,
      ...(await this.tuning(lb)),
      admin_state_up: lb.adminStateUp,
      provisioning_status: lb.provisioningStatus,
      operating_status: lb.operatingStatus,
      vip: {
        address: lb.vipAddress,
        port_id: port.id,
        mac_address: port.macAddress,
        ip_version: subnet.ipVersion,
        prefix_length: parseCidr(subnet.cidr).prefix,
        gateway_ip: subnet.gatewayIp,
        network_id: network.id,
        subnet_id: subnet.id,
        segmentation_id: network.segmentationId,
        mtu: network.mtu,
        additional_addresses: await this.additionalAddresses(manager, port.id, subnet.id),
      },
      listeners: listeners.map((l) => ({
        id: l.id,
        admin_state_up: l.adminStateUp,
        provisioning_status: l.provisioningStatus,
        operating_status: l.operatingStatus,
        protocol: l.protocol,
        protocol_port: l.protocolPort,
        connection_limit: l.connectionLimit,
        default_pool_id: l.defaultPoolId,
        insert_headers: l.insertHeaders,
        timeout_client_data: l.timeoutClientData,
        timeout_member_connect: l.timeoutMemberConnect,
        timeout_member_data: l.timeoutMemberData,
        timeout_tcp_inspect: l.timeoutTcpInspect,
        allowed_cidrs: l.allowedCidrs,
        default_tls_container_ref: l.defaultTlsContainerRef,
        tls_certificate_pem: certificates.get(l.id) ?? null,
        sni_certificate_pems: sniCertificates.get(l.id) ?? [],
        alpn_protocols: l.alpnProtocols,
        hsts_max_age: l.hstsMaxAge,
        hsts_include_subdomains: l.hstsIncludeSubdomains,
        hsts_preload: l.hstsPreload,
        tls_versions: l.tlsVersions,
        tls_ciphers: l.tlsCiphers,
        client_authentication: l.clientAuthentication,
        client_ca_pem: clientCas.get(l.id) ?? null,
        client_crl_pem: clientCrls.get(l.id) ?? null,
        l7policies: policies
          .filter((p) => p.listenerId === l.id)
          .map((p) => ({
            id: p.id,
            admin_state_up: p.adminStateUp,
            provisioning_status: p.provisioningStatus,
            action: p.action,
            position: p.position,
            redirect_pool_id: p.redirectPoolId,
            redirect_url: p.redirectUrl,
            redirect_prefix: p.redirectPrefix,
            redirect_http_code: p.redirectHttpCode,
            rules: rules
              .filter((r) => r.l7policyId === p.id)
              .map((r) => ({
                id: r.id,
                admin_state_up: r.adminStateUp,
                provisioning_status: r.provisioningStatus,
                type: r.type,
                compare_type: r.compareType,
                key: r.key,
                value: r.value,
                invert: r.invert,
              })),
          })),
      })),
      pools: pools.map((p) => {
        const monitor = monitors.find((m) => m.poolId === p.id);
        return {
          id: p.id,
          admin_state_up: p.adminStateUp,
          provisioning_status: p.provisioningStatus,
          operating_status: p.operatingStatus,
          protocol: p.protocol,
          lb_algorithm: p.lbAlgorithm,
          // UDP pools (contract 1.8): with persistence_timeout and persistence_granularity, defaults filled in.
          session_persistence:
            p.protocol === 'UDP'
              ? fullSessionPersistence(p.protocol, p.sessionPersistence)
              : p.sessionPersistence,
          tls_enabled: p.tlsEnabled,
          tls_certificate_pem: poolTls.get(p.id)?.tls_certificate_pem ?? null,
          ca_certificate_pem: poolTls.get(p.id)?.ca_certificate_pem ?? null,
          crl_pem: poolTls.get(p.id)?.crl_pem ?? null,
          tls_versions: p.tlsVersions,
          tls_ciphers: p.tlsCiphers,
          alpn_protocols: p.alpnProtocols,
          members: members
            .filter((m) => m.poolId === p.id)
            .map((m) => ({
              id: m.id,
              admin_state_up: m.adminStateUp,
              provisioning_status: m.provisioningStatus,
              operating_status: m.operatingStatus,
              address: m.address,
              protocol_port: m.protocolPort,
              weight: m.weight,
              backup: m.backup,
              monitor_address: m.monitorAddress,
              monitor_port: m.monitorPort,
            })),
          healthmonitor: monitor
            ? {
                id: monitor.id,
                admin_state_up: monitor.adminStateUp,
                provisioning_status: monitor.provisioningStatus,
                operating_status: monitor.operatingStatus,
                type: monitor.type,
                delay: monitor.delay,
                timeout: monitor.timeout,
                max_retries: monitor.maxRetries,
                max_retries_down: monitor.maxRetriesDown,
                http_method: monitor.httpMethod,
                url_path: monitor.urlPath,
                expected_codes: monitor.expectedCodes,
                http_version: monitor.httpVersion,
                domain_name: monitor.domainName,
              }
            : null,
        };
      }),
    };
  }

  /** Ids of every load balancer hosted by the agent (including those being deleted). */
  async hostedBy(agentId: string): Promise<string[]> {
    return (await this.revisionsHostedBy(agentId)).map((row) => row.id);
  }

  /** The same, with each load balancer's revision: the agent fetches only the graphs that moved. */
  async revisionsHostedBy(agentId: string): Promise<LoadBalancerRevision[]> {
    const instanceOf = await this.instances.hostedBy(agentId);
    const rows = await this.dataSource.manager.find(LoadBalancerEntity, {
      where: [{ agentId }, ...(instanceOf.length > 0 ? [{ id: In(instanceOf) }] : [])],
      select: { id: true, revision: true },
    });
    return rows.map((row) => ({ id: row.id, revision: Number(row.revision) }));
  }

  /** What the load balancer's flavor tunes (its profile was checked when written). */
  private async additionalAddresses(
    manager: EntityManager,
    portId: string,
    vipSubnetId: string,
  ): Promise<AdditionalAddressGraph[]> {
    const addresses = await manager.findBy(IpAllocationEntity, { portId, subnetId: Not(vipSubnetId) });
    const result: AdditionalAddressGraph[] = [];
    for (const ip of addresses) {
      const subnet = await manager.findOneByOrFail(SubnetEntity, { id: ip.subnetId });
      result.push({
        address: ip.ipAddress,
        ip_version: subnet.ipVersion,
        prefix_length: parseCidr(subnet.cidr).prefix,
        subnet_id: subnet.id,
      });
    }
    return result.sort((a, b) => a.subnet_id.localeCompare(b.subnet_id));
  }

  private async tuning(lb: LoadBalancerEntity): Promise<Pick<LoadBalancerGraph, 'tuning'>> {
    if (!lb.flavorId) return {};
    const manager = this.dataSource.manager;
    const flavor = await manager.findOneByOrFail(FlavorEntity, { id: lb.flavorId });
    const profile = await manager.findOneByOrFail(FlavorProfileEntity, { id: flavor.flavorProfileId });
    return { tuning: parseFlavorData(profile.providerName, profile.flavorData).tuning };
  }
}
