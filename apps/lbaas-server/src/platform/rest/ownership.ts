import { BadRequestException, ForbiddenException } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import type { OwnerFields } from './resource-body.dto';

/** The project a new object belongs to: the caller's, or the one an admin names (tenant_id is its old name). */
export function owningProject(caller: Caller, body: OwnerFields): string {
  if (body.project_id && body.tenant_id && body.project_id !== body.tenant_id) {
    throw new BadRequestException('project_id and tenant_id must be equal when both are given');
  }
  const requested = body.project_id ?? body.tenant_id ?? caller.projectId;
  if (requested !== caller.projectId && !caller.isAdmin) {
    throw new ForbiddenException(`only an admin may create objects in project ${requested}`);
  }
  return requested;
}

/** OpenStack timestamps: ISO 8601 in UTC without fractions. */
export function apiTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** The owner fields of every view: both names of the project. */
export function ownerFields(projectId: string): { project_id: string; tenant_id: string } {
  return { project_id: projectId, tenant_id: projectId };
}
