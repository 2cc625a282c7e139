import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ListenerStatsEntity } from './listener-stats.entity';

export interface TrafficStatsView {
  bytes_in: number;
  bytes_out: number;
  active_connections: number;
  total_connections: number;
  request_errors: number;
}

const ZERO: TrafficStatsView = {
  bytes_in: 0,
  bytes_out: 0,
  active_connections: 0,
  total_connections: 0,
  request_errors: 0,
};

function view(row: ListenerStatsEntity): TrafficStatsView {
  return {
    bytes_in: Number(row.bytesIn),
    bytes_out: Number(row.bytesOut),
    active_connections: Number(row.activeConnections),
    total_connections: Number(row.totalConnections),
    request_errors: Number(row.requestErrors),
  };
}

/** The statistics agents report, as the API shows them; nothing reported yet reads as zero traffic. */
@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Replaces the counters of a load balancer's listeners with the agent's latest reading. */
  async record(
    loadbalancerId: string,
    listeners: (TrafficStatsView & { listener_id: string })[],
  ): Promise<void> {
    if (listeners.length === 0) return;
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ListenerStatsEntity)
      .values(
        listeners.map((l) => ({
          listenerId: l.listener_id,
          loadbalancerId,
          bytesIn: String(l.bytes_in),
          bytesOut: String(l.bytes_out),
          activeConnections: String(l.active_connections),
          totalConnections: String(l.total_connections),
          requestErrors: String(l.request_errors),
        })),
      )
      .orUpdate(
        ['bytes_in', 'bytes_out', 'active_connections', 'total_connections', 'request_errors', 'updated_at'],
        ['listener_id'],
      )
      .execute();
  }

  async forListener(listenerId: string): Promise<TrafficStatsView> {
    const row = await this.dataSource.getRepository(ListenerStatsEntity).findOneBy({ listenerId });
    return row ? view(row) : { ...ZERO };
  }

  /** Each listener's counters, in one query; a listener without a report reads as zero traffic. */
  async forListeners(loadbalancerId: string, listenerIds: string[]): Promise<Map<string, TrafficStatsView>> {
    const rows = await this.dataSource.getRepository(ListenerStatsEntity).findBy({ loadbalancerId });
    const reported = new Map(rows.map((row) => [row.listenerId, view(row)]));
    return new Map(listenerIds.map((id) => [id, reported.get(id) ?? { ...ZERO }]));
  }

  async forLoadBalancer(loadbalancerId: string): Promise<TrafficStatsView> {
    const rows = await this.dataSource.getRepository(ListenerStatsEntity).findBy({ loadbalancerId });
    return rows.map(view).reduce(
      (sum, row) => ({
        bytes_in: sum.bytes_in + row.bytes_in,
        bytes_out: sum.bytes_out + row.bytes_out,
        active_connections: sum.active_connections + row.active_connections,
        total_connections: sum.total_connections + row.total_connections,
        request_errors: sum.request_errors + row.request_errors,
      }),
      { ...ZERO },
    );
  }
}
