import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ProvisioningStatus } from '@lbaas/contracts';
import type { AgentView } from '../../control-plane/agents/agent-view';
import { AgentsService } from '../../control-plane/agents/agents.service';
import type { Caller } from '../../platform/auth/caller';
import { FailoverService } from '../../control-plane/failover/failover.service';
import { FlavorsService } from '../flavors/flavors.service';
import { AvailabilityZonesService } from '../availability-zones/availability-zones.service';
import { newObjectColumns, updatedObjectColumns } from '../../lb-graph/entities/provisioned-resource';
import { findOwned, findVisible, visibleRows } from '../../platform/rest/project-scope';
import type { ListQuery } from '../../platform/listing/list-query';
import { readListPage, type RowExtras, type RowPage } from '../../platform/listing/read-list-page';
import { ROW } from '../../platform/listing/sql-list';
import { ServerConfig } from '../../platform/config/server.config';
import { ListenerEntity } from '../../lb-graph/entities/listener.entity';
import { NetworkDriver } from '../../cloud-apis/networking/network-driver';
import { PoolEntity } from '../../lb-graph/entities/pool.entity';
import { DeployerRegistry } from '../../control-plane/provisioning/deployer-registry';
import { markForDeletion } from '../../lb-graph/cascade';
import { GraphChangesService } from '../../lb-graph/graph-changes.service';
import { loadBalancerNotFound } from '../../lb-graph/graph-lock';
import { owningProject } from '../../platform/rest/ownership';
import { QuotasService } from '../quotas/quotas.service';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import type { CreateLoadBalancerBody, UpdateLoadBalancerBody } from './loadbalancers.dto';
import { LOAD_BALANCER_COLUMNS, loadBalancerView, type LoadBalancerView } from './loadbalancer.view';
import { memberSubnetIds, SingleCallCreateService } from './single-call-create.service';
import { loadTree } from '../../lb-graph/load-balancer-tree';
import { neutronStatusTree, type NeutronStatusTree, statusTree, type StatusTree } from './status-tree';
import { ApiError } from '../../platform/api-errors/api-error';
import { InstancesService } from '../../control-plane/instances/instances.service';
import type { Topology } from '../../lb-graph/entities/load-balancer-instance.entity';

@Injectable()
export class LoadBalancersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly network: NetworkDriver,
    private readonly graph: GraphChangesService,
    private readonly deployers: DeployerRegistry,
    private readonly quotas: QuotasService,
    private readonly config: ServerConfig,
    private readonly tree: SingleCallCreateService,
    private readonly agents: AgentsService,
    private readonly failovers: FailoverService,
    private readonly flavors: FlavorsService,
    private readonly zones: AvailabilityZonesService,
    private readonly instances: InstancesService,
  ) {}

  async list(caller: Caller): Promise<LoadBalancerView[]> {
    const lbs = await findVisible(this.dataSource.manager, caller, LoadBalancerEntity);
    return this.views(this.dataSource.manager, lbs);
  }

  /** One page of the list, read in SQL; undefined when the query needs more than columns. */
  async page(caller: Caller, query: ListQuery): Promise<RowPage<LoadBalancerView> | undefined> {
    const page = await readListPage<LoadBalancerEntity & ViewExtras>(
      this.dataSource.manager,
      LoadBalancerEntity,
      LOAD_BALANCER_COLUMNS,
      query,
      visibleRows(caller),
      VIEW_EXTRAS,
    );
    return page && { rows: page.rows.map(viewWithExtras), more: page.more };
  }

  async get(caller: Caller, id: string): Promise<LoadBalancerView> {
    return (await this.views(this.dataSource.manager, [await this.find(caller, id)]))[0];
  }

  async create(caller: Caller, body: CreateLoadBalancerBody): Promise<LoadBalancerView> {
    if (!body.vip_subnet_id && !body.vip_network_id && !body.vip_port_id) {
      throw new BadRequestException(
        'Invalid input for loadbalancer: one of vip_subnet_id, vip_network_id or vip_port_id is required',
      );
    }
    if (body.vip_port_id && body.additional_vips?.length) {
      throw new BadRequestException(
        "Invalid input for additional_vips: with vip_port_id, the port's other addresses are the additional VIPs",
      );
    }
    const projectId = owningProject(caller, body);
    for (const subnetId of memberSubnetIds(body)) await this.network.checkMemberSubnet(caller, subnetId);
    const id = randomUUID();
    // With Neutron the port lives outside this transaction: a create that fails after getting it gives it back.
    let vipPort: { id: string; owned: boolean } | undefined;
    const lb = await this.graph
      .create(async (manager) => {
        // A flavor names its provider, and so does a zone; one asked for as well must be the same.
        const flavor = body.flavor_id
          ? await this.flavors.providerForFlavor(manager, body.flavor_id, body.provider)
          : undefined;
        const provider =
          flavor?.provider ??
          body.provider ??
          (body.availability_zone && (await this.zones.providerOf(manager, body.availability_zone))) ??
          this.config.defaultProvider;
        const topology = flavor?.topology ?? (this.config.loadbalancerTopology as Topology);
        const deployer = this.deployers.forProvider(provider);
        // Instances on two agents, each with its own port; a provider without agents serves it as it is.
        const pair = topology === 'ACTIVE_STANDBY' && deployer.runsInstances;
        const zone = body.availability_zone
          ? await this.zones.placementForCreate(manager, body.availability_zone, provider)
          : undefined;
        await this.quotas.assertBelowQuota(manager, projectId, 'loadbalancer');
        // openstacksdk sends every attribute it knows, null when unset (Horizon's create does): null is "not given".
        const placement = {
          subnetId: body.vip_subnet_id ?? undefined,
          networkId: body.vip_network_id ?? undefined,
          address: body.vip_address ?? undefined,
          additional: body.additional_vips?.map((vip) => ({
            subnetId: vip.subnet_id,
            address: vip.ip_address ?? undefined,
          })),
        };
        const { port, subnet } = await this.network.acquireVip(
          manager,
          caller,
          projectId,
          placement,
          body.vip_port_id ?? undefined,
          id,
        );
        vipPort = { id: port.id, owned: !body.vip_port_id };
        const vipAddress = port.fixedIps.find((ip) => ip.subnetId === subnet.id)!.ipAddress;
        if (zone?.validVipNetworks && !zone.validVipNetworks.includes(subnet.networkId))
          throw new BadRequestException(
            `Invalid input for vip_network_id: availability zone ${zone.zone.name} allows VIPs only on networks ${zone.validVipNetworks.join(', ')}`,
          );
        const created = await manager.save(
          manager.create(LoadBalancerEntity, {
            id,
            ...newObjectColumns(projectId, body),
            vipSubnetId: subnet.id,
            vipNetworkId: subnet.networkId,
            vipAddress,
            vipPortId: port.id,
            vipPortOwned: !body.vip_port_id,
            provider,
            flavorId: body.flavor_id ?? null,
            availabilityZone: zone?.zone.name ?? null,
            topology,
            agentId: pair
              ? null
              : await deployer.placeLoadBalancer(manager, {
                  id,
                  availabilityZone: zone?.zone.name ?? null,
                }),
          }),
        );
        if (pair) await this.instances.createPair(manager, caller, created);
        // Octavia's single-call create: the whole tree in the same transaction.
        await this.tree.insertTree(manager, created, body);
        return created;
      })
      .catch(async (error: unknown) => {
        if (vipPort)
          await this.network.afterRelease({
            id,
            projectId,
            vipPortId: vipPort.id,
            vipPortOwned: vipPort.owned,
          });
        throw error;
      });
    const view = (await this.views(this.dataSource.manager, [lb]))[0];
    return body.listeners || body.pools ? this.tree.fullTree(caller, view) : view;
  }

  async update(caller: Caller, id: string, body: UpdateLoadBalancerBody): Promise<LoadBalancerView> {
    await this.graph.change(caller, id, async (manager, lb) => {
      await manager.update(
        LoadBalancerEntity,
        { id: lb.id },
        {
          ...updatedObjectColumns(lb, body),
        },
      );
    });
    return this.get(caller, id);
  }

  /** Without cascade a load balancer that still has listeners or pools is refused (409). */
  async delete(caller: Caller, id: string, cascade: boolean): Promise<void> {
    await this.graph.change(
      caller,
      id,
      async (manager, lb) => {
        const listeners = await manager.findBy(ListenerEntity, { loadbalancerId: lb.id });
        const pools = await manager.findBy(PoolEntity, { loadbalancerId: lb.id });
        if (!cascade && (listeners.length > 0 || pools.length > 0)) {
          throw new ApiError(
            'EntityInUse',
            `Load Balancer ${lb.id} still has ${listeners.length} listener(s) and ${pools.length} pool(s); delete them first or use cascade=true.`,
          );
        }
        await markForDeletion(manager, 'loadbalancer', lb.id);
      },
      ProvisioningStatus.PendingDelete,
    );
  }

  /** Admin action: rebuild the load balancer's data plane, on another agent when one is alive (202). */
  async failover(caller: Caller, id: string): Promise<void> {
    await this.failovers.failoverOnRequest(caller, id);
  }

  async hostingAgent(caller: Caller, id: string): Promise<AgentView | null> {
    const lb = await this.find(caller, id);
    return lb.agentId ? this.agents.get(lb.agentId) : null;
  }

  /** Octavia's status tree, or with `neutron` neutron-lbaas's. */
  async statuses(caller: Caller, id: string, shape: 'octavia'): Promise<StatusTree>;
  async statuses(caller: Caller, id: string, shape: 'neutron'): Promise<NeutronStatusTree>;
  async statuses(
    caller: Caller,
    id: string,
    shape: 'octavia' | 'neutron',
  ): Promise<StatusTree | NeutronStatusTree> {
    const tree = await loadTree(this.dataSource.manager, await this.find(caller, id));
    return shape === 'octavia' ? statusTree(tree) : neutronStatusTree(tree);
  }

  private async find(caller: Caller, id: string): Promise<LoadBalancerEntity> {
    return findOwned(this.dataSource.manager, caller, LoadBalancerEntity, id, loadBalancerNotFound);
  }

  private async views(manager: EntityManager, lbs: LoadBalancerEntity[]): Promise<LoadBalancerView[]> {
    if (lbs.length === 0) return [];
    const builder = manager.createQueryBuilder(LoadBalancerEntity, ROW).select(`${ROW}.id`, 'id');
    for (const [name, sql] of Object.entries(VIEW_EXTRAS)) builder.addSelect(sql(ROW), name);
    const extras = new Map(
      (
        await builder
          .where(`${ROW}.id = ANY(:ids)`, { ids: lbs.map((lb) => lb.id) })
          .getRawMany<ViewExtras & { id: string }>()
      ).map((row) => [row.id, row]),
    );
    // A row deleted since it was read (a delete finishing) has no extras left: its view lists none.
    const none: ViewExtras = { listener_ids: [], pool_ids: [], additional_vips: [] };
    return lbs.map((lb) => viewWithExtras({ ...lb, ...(extras.get(lb.id) ?? none) }));
  }
}

/** What a view shows beyond the load balancer's row, read in the same query as the row. */
interface ViewExtras {
  listener_ids: string[];
  pool_ids: string[];
  additional_vips: { subnet_id: string; ip_address: string }[];
}

const VIEW_EXTRAS: RowExtras = {
  listener_ids: (lb) =>
    `ARRAY(SELECT l.id FROM listeners l WHERE l.loadbalancer_id = ${lb}.id ORDER BY l.created_at, l.id)`,
  pool_ids: (lb) =>
    `ARRAY(SELECT p.id FROM pools p WHERE p.loadbalancer_id = ${lb}.id ORDER BY p.created_at, p.id)`,
  // Additional VIPs are the VIP port's other addresses (Octavia's model).
  additional_vips: (lb) =>
    `(SELECT coalesce(json_agg(json_build_object('subnet_id', a.subnet_id, 'ip_address', a.ip_address)), '[]')
      FROM ip_allocations a WHERE a.port_id = ${lb}.vip_port_id AND a.subnet_id <> ${lb}.vip_subnet_id)`,
};

function viewWithExtras(row: LoadBalancerEntity & ViewExtras): LoadBalancerView {
  return loadBalancerView(row, row.listener_ids, row.pool_ids, row.additional_vips);
}
