import { Controller, Get, Req } from '@nestjs/common';
import type { Request } from 'express';
import { currentVersionDocument, versionDocument, type VersionEntry } from './version-document';

function baseUrl(request: Request): string {
  return `${request.protocol}://${request.get('host') ?? '127.0.0.1'}`;
}

@Controller()
export class VersionsController {
  @Get()
  root(@Req() request: Request): { versions: VersionEntry[] } {
    return versionDocument(baseUrl(request));
  }

  @Get(['v2', 'v2.0'])
  current(@Req() request: Request): { version: VersionEntry } {
    return currentVersionDocument(baseUrl(request));
  }
}
