import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import type { AlpnProtocol, ClientAuthentication, ListenerProtocol, TlsVersion } from '@lbaas/contracts';
import { LoadBalancerEntity } from './load-balancer.entity';
import { ProvisionedResource } from './provisioned-resource';

@Entity({ name: 'listeners' })
export class ListenerEntity extends ProvisionedResource {
  @Column({ name: 'loadbalancer_id', type: 'uuid' })
  loadbalancerId!: string;

  @ManyToOne(() => LoadBalancerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'loadbalancer_id' })
  loadbalancer?: LoadBalancerEntity;

  @Column({ type: 'varchar', length: 32 })
  protocol!: ListenerProtocol;

  @Column({ name: 'protocol_port', type: 'integer' })
  protocolPort!: number;

  @Column({ name: 'connection_limit', type: 'integer', default: -1 })
  connectionLimit!: number;

  @Column({ name: 'default_pool_id', type: 'uuid', nullable: true })
  defaultPoolId!: string | null;

  @Column({ name: 'default_tls_container_ref', type: 'varchar', length: 255, nullable: true })
  defaultTlsContainerRef!: string | null;

  @Column({ name: 'sni_container_refs', type: 'jsonb', default: [] })
  sniContainerRefs!: string[];

  @Column({ name: 'insert_headers', type: 'jsonb', default: {} })
  insertHeaders!: Record<string, string>;

  @Column({ name: 'timeout_client_data', type: 'integer', default: 50000 })
  timeoutClientData!: number;

  @Column({ name: 'timeout_member_connect', type: 'integer', default: 5000 })
  timeoutMemberConnect!: number;

  @Column({ name: 'timeout_member_data', type: 'integer', default: 50000 })
  timeoutMemberData!: number;

  @Column({ name: 'timeout_tcp_inspect', type: 'integer', default: 0 })
  timeoutTcpInspect!: number;

  @Column({ name: 'allowed_cidrs', type: 'jsonb', default: [] })
  allowedCidrs!: string[];

  /** TERMINATED_HTTPS: what ALPN offers clients (h2 is HTTP/2); null: no ALPN. */
  @Column({ name: 'alpn_protocols', type: 'jsonb', nullable: true })
  alpnProtocols!: AlpnProtocol[] | null;

  /** TERMINATED_HTTPS: Strict-Transport-Security on every answer when set. */
  @Column({ name: 'hsts_max_age', type: 'integer', nullable: true })
  hstsMaxAge!: number | null;

  @Column({ name: 'hsts_include_subdomains', type: 'boolean', default: false })
  hstsIncludeSubdomains!: boolean;

  @Column({ name: 'hsts_preload', type: 'boolean', default: false })
  hstsPreload!: boolean;

  /** TERMINATED_HTTPS: the TLS versions accepted (null: haproxy's own defaults). */
  @Column({ name: 'tls_versions', type: 'jsonb', nullable: true })
  tlsVersions!: TlsVersion[] | null;

  /** TERMINATED_HTTPS: an OpenSSL cipher list (TLS_* names are TLS 1.3 suites). */
  @Column({ name: 'tls_ciphers', type: 'varchar', length: 2048, nullable: true })
  tlsCiphers!: string | null;

  @Column({ name: 'client_authentication', type: 'varchar', length: 16, default: 'NONE' })
  clientAuthentication!: ClientAuthentication;

  /** A secret holding the CA bundle client certificates must chain to. */
  @Column({ name: 'client_ca_tls_container_ref', type: 'varchar', length: 255, nullable: true })
  clientCaTlsContainerRef!: string | null;

  /** A secret holding the revocation list checked with that CA. */
  @Column({ name: 'client_crl_container_ref', type: 'varchar', length: 255, nullable: true })
  clientCrlContainerRef!: string | null;
}
