import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import type { L7CompareType, L7RuleType } from '@lbaas/contracts';
import { ProvisionedResource } from './provisioned-resource';
import { L7PolicyEntity } from './l7-policy.entity';

@Entity({ name: 'l7_rules' })
export class L7RuleEntity extends ProvisionedResource {
  @Column({ name: 'l7policy_id', type: 'uuid' })
  l7policyId!: string;

  @ManyToOne(() => L7PolicyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'l7policy_id' })
  l7policy?: L7PolicyEntity;

  @Column({ type: 'varchar', length: 32 })
  type!: L7RuleType;

  @Column({ name: 'compare_type', type: 'varchar', length: 16 })
  compareType!: L7CompareType;

  @Column({ type: 'varchar', length: 255, nullable: true })
  key!: string | null;

  @Column({ type: 'varchar', length: 255 })
  value!: string;

  @Column({ type: 'boolean', default: false })
  invert!: boolean;
}
