import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per-project limits; -1 is unlimited. A project without a row has the configured defaults. */
@Entity({ name: 'quotas' })
export class QuotaEntity {
  @PrimaryColumn({ name: 'project_id', type: 'varchar', length: 64 })
  projectId!: string;

  @Column({ type: 'integer', nullable: true })
  loadbalancer!: number | null;

  @Column({ type: 'integer', nullable: true })
  listener!: number | null;

  @Column({ type: 'integer', nullable: true })
  pool!: number | null;

  @Column({ type: 'integer', nullable: true })
  member!: number | null;

  @Column({ type: 'integer', nullable: true })
  healthmonitor!: number | null;

  @Column({ type: 'integer', nullable: true })
  l7policy!: number | null;

  @Column({ type: 'integer', nullable: true })
  l7rule!: number | null;
}
