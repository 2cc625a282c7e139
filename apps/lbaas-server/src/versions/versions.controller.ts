import { Controller, Get, Req } from '@nestjs/common';
import type { Request } from 'express';
import { versionDocument, type VersionEntry } from './version-document';

@Controller()
export class VersionsController {
  @Get()
  root(@Req() request: Request): { versions: VersionEntry[] } {
    return versionDocument(`${request.protocol}://${request.get('host') ?? '127.0.0.1'}`);
  }
}
