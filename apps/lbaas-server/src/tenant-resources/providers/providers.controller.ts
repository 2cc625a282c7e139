import { Controller, Get } from '@nestjs/common';
import { DeployerRegistry } from '../../control-plane/provisioning/deployer-registry';
import { TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';
import { lbaasPaths } from '../../platform/rest/api-paths';

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
}
