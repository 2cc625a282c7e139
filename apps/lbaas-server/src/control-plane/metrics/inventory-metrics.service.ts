import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { AgentsService } from '../agents/agents.service';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';

/** Gauges read at scrape time: load balancers by status, agents by liveness. */
@Injectable()
export class InventoryMetricsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agents: AgentsService,
  ) {
    this.gauge(
      'lbaas_loadbalancers',
      'Load balancers by provisioning and operating status.',
      ['provisioning_status', 'operating_status'],
      async (gauge) => {
        const rows = await this.dataSource
          .getRepository(LoadBalancerEntity)
          .createQueryBuilder('lb')
          .select('lb.provisioning_status', 'provisioning_status')
          .addSelect('lb.operating_status', 'operating_status')
          .addSelect('count(*)', 'count')
          .groupBy('lb.provisioning_status')
          .addGroupBy('lb.operating_status')
          .getRawMany<{ provisioning_status: string; operating_status: string; count: string }>();
        for (const { count, ...labels } of rows) gauge.set(labels, Number(count));
      },
    );
    this.gauge(
      'lbaas_agents',
      'Agents by liveness and admin state.',
      ['alive', 'admin_state_up'],
      async (gauge) => {
        for (const agent of await this.agents.list({})) {
          gauge.inc({ alive: String(agent.alive), admin_state_up: String(agent.admin_state_up) });
        }
      },
    );
  }

  private gauge(
    name: string,
    help: string,
    labelNames: string[],
    read: (gauge: Gauge) => Promise<void>,
  ): void {
    // One per process; a second app instance in the same process (tests) replaces the first.
    register.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      labelNames,
      async collect() {
        this.reset();
        await read(this);
      },
    });
  }
}
