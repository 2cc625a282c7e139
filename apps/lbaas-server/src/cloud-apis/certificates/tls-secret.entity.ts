import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A Barbican-style secret: one PEM document (certificate, private key or intermediates). */
@Entity({ name: 'tls_secrets' })
export class TlsSecretEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'varchar', length: 64 })
  projectId!: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  name!: string;

  @Column({ type: 'text' })
  payload!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A Barbican-style certificate container: which secrets make one listener's certificate. */
@Entity({ name: 'tls_containers' })
export class TlsContainerEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'varchar', length: 64 })
  projectId!: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  name!: string;

  @Column({ name: 'certificate_id', type: 'uuid' })
  certificateId!: string;

  @Column({ name: 'private_key_id', type: 'uuid' })
  privateKeyId!: string;

  @Column({ name: 'intermediates_id', type: 'uuid', nullable: true })
  intermediatesId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
