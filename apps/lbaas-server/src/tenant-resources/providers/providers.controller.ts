import { Controller, Get, Param } from '@nestjs/common';
import { DeployerRegistry } from '../../control-plane/provisioning/deployer-registry';
import { TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';
import { lbaasPaths } from '../../platform/rest/api-paths';
import { FLAVOR_CAPABILITIES } from '../../lb-graph/flavor-data';
import { AVAILABILITY_ZONE_CAPABILITIES } from '../../lb-graph/availability-zone-data';

/** Octavia's provider list: the providers an operator enabled. */
@Controller(lbaasPaths('providers'))
export class ProvidersController {
  constructor(private readonly deployers: DeployerRegistry) {}

  @Get()
  @TakesQuery('fields')
  list() {
    return {
      providers: this.deployers
        .list()
        .map((deployer) => ({ name: deployer.provider, description: deployer.description })),
    };
  }

  /** What a flavor profile of this provider may set (Octavia 2.6). */
  @Get(':name/flavor_capabilities')
  @TakesQuery('fields')
  flavorCapabilities(@Param('name') name: string) {
    this.deployers.forProvider(name);
    return { flavor_capabilities: FLAVOR_CAPABILITIES };
  }

  /** What an availability zone profile of this provider may say (Octavia 2.14). */
  @Get(':name/availability_zone_capabilities')
  @TakesQuery('fields')
  availabilityZoneCapabilities(@Param('name') name: string) {
    this.deployers.forProvider(name);
    return { availability_zone_capabilities: AVAILABILITY_ZONE_CAPABILITIES };
  }
}
