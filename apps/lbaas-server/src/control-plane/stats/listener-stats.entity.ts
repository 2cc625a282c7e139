import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Traffic counters of one listener as its agent last read them from haproxy (replaced whole each time). */
@Entity({ name: 'listener_stats' })
export class ListenerStatsEntity {
  @PrimaryColumn({ name: 'listener_id', type: 'uuid' })
  listenerId!: string;

  @Column({ name: 'loadbalancer_id', type: 'uuid' })
  loadbalancerId!: string;

  @Column({ name: 'bytes_in', type: 'bigint', default: 0 })
  bytesIn!: string;

  @Column({ name: 'bytes_out', type: 'bigint', default: 0 })
  bytesOut!: string;

  @Column({ name: 'active_connections', type: 'bigint', default: 0 })
  activeConnections!: string;

  @Column({ name: 'total_connections', type: 'bigint', default: 0 })
  totalConnections!: string;

  @Column({ name: 'request_errors', type: 'bigint', default: 0 })
  requestErrors!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
