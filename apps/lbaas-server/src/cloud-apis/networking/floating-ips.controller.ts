import { Controller, Get, NotFoundException, Param, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ServerConfig } from '../../platform/config/server.config';
import { listResponse } from '../../platform/listing/list-response';
import { TakesListQuery } from '../../platform/query-parameters/query-parameters.decorator';
import { networkingPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';

/** neutron's floating IP attributes: what a list may filter, sort and select on. */
const FLOATING_IP_ATTRIBUTES: ReadonlySet<string> = new Set([
  'id',
  'floating_ip_address',
  'floating_network_id',
  'router_id',
  'port_id',
  'fixed_ip_address',
  'status',
  'project_id',
  'tenant_id',
  'description',
  'tags',
  'created_at',
  'updated_at',
]);

/**
 * neutron's floating IPs, read only. The subset served here has no routers, so there are none: the list
 * says so (Horizon's load-balancer list matches VIP ports with floating IPs and fails without an
 * answer), and no floating IP can be made (POST is not served: 404, as neutron without the l3 extension).
 */
@Controller(networkingPaths('floatingips'))
export class FloatingIpsController {
  constructor(private readonly config: ServerConfig) {}

  @Get()
  @TakesListQuery()
  list(@Req() request: Request) {
    return listResponse('floatingips', [], request, this.config.paginationMaxLimit, {
      attributes: FLOATING_IP_ATTRIBUTES,
    });
  }

  @Get(':id')
  show(@Param('id', ResourceIdPipe) id: string) {
    throw new NotFoundException(`Floating IP ${id} could not be found.`);
  }
}
