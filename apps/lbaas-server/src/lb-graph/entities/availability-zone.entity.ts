import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ProviderProfile } from './provider-profile';

/** Octavia's availability zone profile (operators only): where a provider places a zone's load balancers. */
@Entity({ name: 'availability_zone_profiles' })
export class AvailabilityZoneProfileEntity extends ProviderProfile {
  /** A JSON object of the provider's zone capabilities (validated: lb-graph/availability-zone-data.ts). */
  @Column({ name: 'availability_zone_data', type: 'text' })
  availabilityZoneData!: string;
}

/** Octavia's availability zone: named by its name, picked by tenants at load balancer create. */
@Entity({ name: 'availability_zones' })
export class AvailabilityZoneEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  description!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'availability_zone_profile_id', type: 'uuid' })
  availabilityZoneProfileId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
