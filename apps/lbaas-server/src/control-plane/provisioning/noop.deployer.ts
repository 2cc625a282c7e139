import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { loadTree } from '../../lb-graph/load-balancer-tree';
import { LoadBalancerDeployer } from './deployer';
import { GraphOutcomesService } from '../../lb-graph/graph-outcomes.service';
import { healthyDataPlaneStatuses } from './healthy-data-plane';

/**
 * Octavia's noop provider: accepts every change and settles it at once, with no data plane, showing the
 * statuses of one whose members all answer. Only for fast API tests; it must be enabled explicitly
 * (enabled_providers) and is never the default.
 */
@Injectable()
export class NoopDeployer extends LoadBalancerDeployer {
  readonly provider = 'noop';
  readonly description = 'No data plane: changes become ACTIVE at once (API tests only).';
  readonly runsInstances = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outcomes: GraphOutcomesService,
  ) {
    super();
  }

  placeLoadBalancer(): Promise<string | null> {
    return Promise.resolve(null);
  }

  rehome(): Promise<string | null> {
    return Promise.resolve(null);
  }

  async deploy(loadBalancerId: string): Promise<void> {
    const lb = await this.dataSource.manager.findOneBy(LoadBalancerEntity, { id: loadBalancerId });
    const statuses = lb ? healthyDataPlaneStatuses(await loadTree(this.dataSource.manager, lb)) : [];
    await this.outcomes.settle(
      loadBalancerId,
      true,
      undefined,
      new Map(statuses.map((status) => [status.id, status.operating_status])),
    );
    // Objects that were not pending keep their statuses through a settle; a data plane would refresh
    // them (a member of a pool whose monitor went is NO_MONITOR again).
    await this.outcomes.recordOperatingStatuses(loadBalancerId, statuses);
  }
}
