import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { TakesQuery } from '../query-parameters/query-parameters.decorator';
import { ServerConfig } from '../config/server.config';
import { PROJECT_ID_PATTERN } from './noauth.middleware';

/** A project as Keystone v3 shows it, for a project that exists only as an id in noauth mode. */
export function noauthProject(id: string) {
  return { id, name: id, domain_id: 'default', enabled: true, is_domain: false, description: '', tags: [] };
}

/**
 * Without Keystone, `openstack --os-auth-type none` sends its project look-ups (e.g. `loadbalancer quota
 * show <project>`) to the same endpoint. In noauth mode any well-formed project id exists, as it does
 * for the rest of the API, so the look-up answers with that project. Keystone deployments never reach
 * this: the CLI asks Keystone itself.
 */
@ApiExcludeController()
@Controller(['projects', 'v3/projects'])
export class NoauthProjectsController {
  constructor(private readonly config: ServerConfig) {}

  @Get()
  @TakesQuery('name', 'domain_id')
  list(@Query('name') name?: string, @Query('domain_id') domainId?: string) {
    this.onlyWithoutKeystone();
    const found = typeof name === 'string' && PROJECT_ID_PATTERN.test(name);
    const inDomain = domainId === undefined || domainId === 'default';
    return { projects: found && inDomain ? [noauthProject(name)] : [] };
  }

  @Get(':id')
  show(@Param('id') id: string) {
    this.onlyWithoutKeystone();
    if (!PROJECT_ID_PATTERN.test(id)) throw new NotFoundException(`Could not find project: ${id}.`);
    return { project: noauthProject(id) };
  }

  private onlyWithoutKeystone(): void {
    if (this.config.authStrategy !== 'noauth') throw new NotFoundException('Projects are in Keystone');
  }
}
