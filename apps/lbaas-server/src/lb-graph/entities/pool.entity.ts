import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import type {
  AlpnProtocol,
  LbAlgorithm,
  PoolProtocol,
  SessionPersistenceType,
  TlsVersion,
} from '@lbaas/contracts';
import { LoadBalancerEntity } from './load-balancer.entity';
import { ProvisionedResource } from './provisioned-resource';

export interface SessionPersistence {
  type: SessionPersistenceType;
  cookie_name: string | null;
  /** UDP pools (Octavia 2.2): seconds a client sticks to its member after its last datagram. */
  persistence_timeout?: number | null;
  /** UDP pools (Octavia 2.2): the IPv4 netmask grouping clients that stick together. */
  persistence_granularity?: string | null;
}

@Entity({ name: 'pools' })
export class PoolEntity extends ProvisionedResource {
  @Column({ name: 'loadbalancer_id', type: 'uuid' })
  loadbalancerId!: string;

  @ManyToOne(() => LoadBalancerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'loadbalancer_id' })
  loadbalancer?: LoadBalancerEntity;

  @Column({ type: 'varchar', length: 32 })
  protocol!: PoolProtocol;

  @Column({ name: 'lb_algorithm', type: 'varchar', length: 32 })
  lbAlgorithm!: LbAlgorithm;

  @Column({ name: 'session_persistence', type: 'jsonb', nullable: true })
  sessionPersistence!: SessionPersistence | null;

  /** Re-encrypt: connections to members (and their checks) speak TLS. */
  @Column({ name: 'tls_enabled', type: 'boolean', default: false })
  tlsEnabled!: boolean;

  /** A certificate container: the certificate presented to members that ask for one. */
  @Column({ name: 'tls_container_ref', type: 'varchar', length: 255, nullable: true })
  tlsContainerRef!: string | null;

  /** A secret holding the CA bundle members' certificates must chain to (null: not verified). */
  @Column({ name: 'ca_tls_container_ref', type: 'varchar', length: 255, nullable: true })
  caTlsContainerRef!: string | null;

  /** A secret holding the revocation list checked with that CA. */
  @Column({ name: 'crl_container_ref', type: 'varchar', length: 255, nullable: true })
  crlContainerRef!: string | null;

  @Column({ name: 'tls_versions', type: 'jsonb', nullable: true })
  tlsVersions!: TlsVersion[] | null;

  @Column({ name: 'tls_ciphers', type: 'varchar', length: 2048, nullable: true })
  tlsCiphers!: string | null;

  @Column({ name: 'alpn_protocols', type: 'jsonb', nullable: true })
  alpnProtocols!: AlpnProtocol[] | null;
}
