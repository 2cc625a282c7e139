import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ProviderProfile } from './provider-profile';

/** Octavia's flavor profile (operators only): a provider and the settings it applies, as JSON text. */
@Entity({ name: 'flavor_profiles' })
export class FlavorProfileEntity extends ProviderProfile {
  /** A JSON object of the provider's flavor capabilities (validated: lb-graph/flavor-data.ts). */
  @Column({ name: 'flavor_data', type: 'text' })
  flavorData!: string;
}

/** Octavia's flavor: what tenants pick at load balancer create; its profile says what it means. */
@Entity({ name: 'flavors' })
export class FlavorEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  name!: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  description!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'flavor_profile_id', type: 'uuid' })
  flavorProfileId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
