import { Column, Entity, JoinColumn, OneToOne } from 'typeorm';
import type { HealthMonitorType, HttpMethod, HttpVersion } from '@lbaas/contracts';
import { PoolEntity } from './pool.entity';
import { ProvisionedResource } from './provisioned-resource';

@Entity({ name: 'health_monitors' })
export class HealthMonitorEntity extends ProvisionedResource {
  @Column({ name: 'pool_id', type: 'uuid', unique: true })
  poolId!: string;

  @OneToOne(() => PoolEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pool_id' })
  pool?: PoolEntity;

  @Column({ type: 'varchar', length: 16 })
  type!: HealthMonitorType;

  @Column({ type: 'integer' })
  delay!: number;

  @Column({ type: 'integer' })
  timeout!: number;

  @Column({ name: 'max_retries', type: 'integer' })
  maxRetries!: number;

  @Column({ name: 'max_retries_down', type: 'integer', default: 3 })
  maxRetriesDown!: number;

  @Column({ name: 'http_method', type: 'varchar', length: 16, nullable: true })
  httpMethod!: HttpMethod | null;

  @Column({ name: 'url_path', type: 'varchar', length: 255, nullable: true })
  urlPath!: string | null;

  @Column({ name: 'expected_codes', type: 'varchar', length: 64, nullable: true })
  expectedCodes!: string | null;

  /** Stored as text ("1.0", "1.1"): a float column would make 1.1 inexact. */
  @Column({
    name: 'http_version',
    type: 'varchar',
    length: 8,
    nullable: true,
    transformer: {
      to: (value: HttpVersion | null | undefined) =>
        value === null || value === undefined ? null : value.toFixed(1),
      from: (value: string | null) => (value === null ? null : (Number(value) as HttpVersion)),
    },
  })
  httpVersion!: HttpVersion | null;

  @Column({ name: 'domain_name', type: 'varchar', length: 255, nullable: true })
  domainName!: string | null;
}
