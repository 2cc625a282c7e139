import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** An agent as the server knows it, from its state reports (neutron's `agents` table). */
@Entity({ name: 'agents' })
@Unique('uniq_agents0agent_type0host', ['agentType', 'host'])
export class AgentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'agent_type', type: 'varchar' })
  agentType!: string;

  @Column({ type: 'varchar' })
  binary!: string;

  @Column({ type: 'varchar' })
  topic!: string;

  @Column({ type: 'varchar' })
  host!: string;

  @Column({ name: 'admin_state_up', type: 'boolean', default: true })
  adminStateUp!: boolean;

  @Column({ type: 'varchar', nullable: true })
  description!: string | null;

  /** The zone the agent reports (null: an agent older than contract 1.6, in no zone). */
  @Column({ name: 'availability_zone', type: 'varchar', length: 255, nullable: true })
  availabilityZone!: string | null;

  @Column({ type: 'jsonb', default: {} })
  configurations!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'heartbeat_timestamp', type: 'timestamptz' })
  heartbeatTimestamp!: Date;
}
