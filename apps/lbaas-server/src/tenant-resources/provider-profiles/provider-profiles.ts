import { randomUUID } from 'node:crypto';
import { BadRequestException, ForbiddenException } from '@nestjs/common';
import type { DataSource, DeepPartial, EntityManager, EntityTarget } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { ApiError, type ApiErrorKind } from '../../platform/api-errors/api-error';
import type { DeployerRegistry } from '../../control-plane/provisioning/deployer-registry';
import { CapabilityDataError } from '../../lb-graph/capability-data';
import type { ProviderProfile } from '../../lb-graph/entities/provider-profile';

/** Octavia's policy: profiles, and writes of what is built on them, are the operator's. */
export function assertAdmin(caller: Caller, what: string): void {
  if (!caller.isAdmin)
    throw new ForbiddenException(`Policy does not allow this request: ${what} are admin only`);
}

/** What differs between flavor profiles and availability zone profiles. */
export interface ProfileKind<E extends ProviderProfile> {
  entity: EntityTarget<E>;
  /** "flavor profiles": for policy messages. */
  plural: string;
  notFound: { kind: ApiErrorKind; label: string };
  /** The column of the provider's settings, and their check (throws CapabilityDataError). */
  dataOf(profile: E): string;
  withData(data: string): DeepPartial<E>;
  check(provider: string, data: string): void;
  /** What is built on the profile ("flavor <id>"), if anything: it then stays as it is. */
  userOf(manager: EntityManager, id: string): Promise<string | undefined>;
}

export interface ProfileFields {
  name?: string;
  provider_name?: string;
  data?: string;
}

/**
 * Admin-only profiles of one kind: a provider and settings from its capabilities, checked on every
 * write. A profile something is built on keeps its provider and settings, and stays (409), so what was
 * created with it never silently changes.
 */
export class ProviderProfiles<E extends ProviderProfile> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deployers: DeployerRegistry,
    private readonly kind: ProfileKind<E>,
  ) {}

  async list(caller: Caller): Promise<E[]> {
    assertAdmin(caller, this.kind.plural);
    return this.dataSource.manager.find(this.kind.entity, {
      order: { createdAt: 'ASC', id: 'ASC' },
    } as never);
  }

  async get(caller: Caller, id: string): Promise<E> {
    assertAdmin(caller, this.kind.plural);
    return this.find(this.dataSource.manager, id);
  }

  async create(caller: Caller, fields: Required<ProfileFields>): Promise<E> {
    assertAdmin(caller, this.kind.plural);
    this.check(fields.provider_name, fields.data);
    const profile = this.dataSource.manager.create(this.kind.entity, {
      id: randomUUID(),
      name: fields.name,
      providerName: fields.provider_name,
      ...this.kind.withData(fields.data),
    } as DeepPartial<E>);
    return this.dataSource.manager.save(profile);
  }

  async update(caller: Caller, id: string, fields: ProfileFields): Promise<E> {
    assertAdmin(caller, this.kind.plural);
    return this.dataSource.transaction(async (manager) => {
      const profile = await this.find(manager, id, true);
      const providerName = fields.provider_name ?? profile.providerName;
      const data = fields.data ?? this.kind.dataOf(profile);
      if (providerName !== profile.providerName || data !== this.kind.dataOf(profile)) {
        this.check(providerName, data);
        await this.assertUnused(manager, id);
      }
      await manager.update(this.kind.entity, { id }, {
        name: fields.name ?? profile.name,
        providerName,
        ...this.kind.withData(data),
      } as never);
      return this.find(manager, id);
    });
  }

  async delete(caller: Caller, id: string): Promise<void> {
    assertAdmin(caller, this.kind.plural);
    await this.dataSource.transaction(async (manager) => {
      await this.find(manager, id, true);
      await this.assertUnused(manager, id);
      await manager.delete(this.kind.entity, { id });
    });
  }

  /** The profile, or a 404; locked for the transaction when `lock`. */
  async find(manager: EntityManager, id: string, lock = false): Promise<E> {
    const profile = await manager.findOne(this.kind.entity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    } as never);
    if (!profile)
      throw new ApiError(this.kind.notFound.kind, `${this.kind.notFound.label} ${id} could not be found.`);
    return profile;
  }

  private async assertUnused(manager: EntityManager, id: string): Promise<void> {
    const user = await this.kind.userOf(manager, id);
    if (user) throw new ApiError('EntityInUse', `${this.kind.notFound.label} ${id} is in use by ${user}.`);
  }

  private check(providerName: string, data: string): void {
    this.deployers.forProvider(providerName);
    try {
      this.kind.check(providerName, data);
    } catch (error) {
      if (error instanceof CapabilityDataError)
        throw new BadRequestException(`Invalid input for ${error.message}`);
      throw error;
    }
  }
}
