import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { networkingPaths } from '../../platform/rest/api-paths';

/**
 * neutron's extension list. Clients ask it before using an optional feature (Horizon's port list asks
 * whether `trunk` exists, its panels whether `qos` does); the subset served here has none of neutron's
 * extensions, and says so rather than answering 404, which those clients take for a broken service.
 */
@Controller(networkingPaths('extensions'))
export class ExtensionsController {
  @Get()
  list() {
    return { extensions: [] };
  }

  @Get(':alias')
  show(@Param('alias') alias: string) {
    throw new NotFoundException(`Extension with alias ${alias} does not exist`);
  }
}
