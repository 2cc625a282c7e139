import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { QueryParameterError, type RawQueryValue } from '../../platform/query-parameters/query-parameters';
import { TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';
import { apiTimestamp } from '../../platform/rest/ownership';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import { CreateContainerBody, CreateSecretBody } from './certificates.dto';
import { barbicanPage } from './barbican-list';
import { CertificatesService } from './certificates.service';
import type { TlsContainerEntity, TlsSecretEntity } from './tls-secret.entity';

function base(request: Request): string {
  return `${request.protocol}://${request.get('host') ?? '127.0.0.1'}/v1`;
}

/** A Barbican list answer: `{<collection>: [...], total, next?, previous?}`. */
function listAnswer<T extends { name: string }, V>(
  collection: string,
  items: T[],
  request: Request,
  view: (item: T) => V,
): Record<string, unknown> {
  const pageUrl = (offset: number, limit: number) => {
    const url = new URL(`${base(request)}/${collection}`);
    url.search = new URLSearchParams(request.query as Record<string, string>).toString();
    url.searchParams.set('offset', String(offset));
    url.searchParams.set('limit', String(limit));
    return url.toString();
  };
  try {
    const { items: page, ...rest } = barbicanPage(
      items,
      request.query as Record<string, RawQueryValue>,
      pageUrl,
    );
    return { [collection]: page.map(view), ...rest };
  } catch (error) {
    if (error instanceof QueryParameterError) throw new BadRequestException(error.message);
    throw error;
  }
}

function secretView(secret: TlsSecretEntity, request: Request) {
  // Like Barbican, the payload is never returned in the metadata.
  return {
    secret_ref: `${base(request)}/secrets/${secret.id}`,
    name: secret.name,
    status: 'ACTIVE',
    created: apiTimestamp(secret.createdAt),
  };
}

function containerView(container: TlsContainerEntity, request: Request) {
  const ref = (id: string) => `${base(request)}/secrets/${id}`;
  return {
    container_ref: `${base(request)}/containers/${container.id}`,
    name: container.name,
    type: 'certificate',
    status: 'ACTIVE',
    created: apiTimestamp(container.createdAt),
    secret_refs: [
      { name: 'certificate', secret_ref: ref(container.certificateId) },
      { name: 'private_key', secret_ref: ref(container.privateKeyId) },
      ...(container.intermediatesId
        ? [{ name: 'intermediates', secret_ref: ref(container.intermediatesId) }]
        : []),
    ],
  };
}

/** Barbican's secrets (write once, metadata readable), enough for TLS certificates. */
@Controller('v1/secrets')
export class SecretsController {
  constructor(private readonly certificates: CertificatesService) {}

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateSecretBody, @Req() request: Request) {
    return { secret_ref: secretView(await this.certificates.createSecret(caller, body), request).secret_ref };
  }

  @Get()
  @TakesQuery('name', 'offset', 'limit')
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    const secrets = await this.certificates.listSecrets(caller);
    return listAnswer('secrets', secrets, request, (s) => secretView(s, request));
  }

  @Get(':id')
  async show(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Req() request: Request,
  ) {
    return secretView(await this.certificates.getSecret(caller, id), request);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.certificates.deleteSecret(caller, id);
  }
}

/** Barbican's certificate containers: the references TERMINATED_HTTPS listeners take. */
@Controller('v1/containers')
export class ContainersController {
  constructor(private readonly certificates: CertificatesService) {}

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateContainerBody, @Req() request: Request) {
    return {
      container_ref: containerView(await this.certificates.createContainer(caller, body), request)
        .container_ref,
    };
  }

  @Get()
  @TakesQuery('name', 'offset', 'limit')
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    const containers = await this.certificates.listContainers(caller);
    return listAnswer('containers', containers, request, (c) => containerView(c, request));
  }

  @Get(':id')
  async show(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Req() request: Request,
  ) {
    return containerView(await this.certificates.getContainer(caller, id), request);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.certificates.deleteContainer(caller, id);
  }
}
