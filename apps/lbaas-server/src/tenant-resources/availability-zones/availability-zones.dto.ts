import { IsBoolean, IsDefined, IsOptional, IsUUID, Matches } from 'class-validator';
import { AVAILABILITY_ZONE_PATTERN } from '@lbaas/contracts';
import { envelope } from '../../platform/rest/envelope.dto';
import { FreeTextField } from '../../platform/rest/resource-body.dto';
import { ProfileDataField, ProviderProfileBody } from '../provider-profiles/provider-profile-body.dto';

/** An availability zone's name: its id in paths, so plain. */
export const AVAILABILITY_ZONE_NAME_RULE = 'letters, digits, ".", ":", "-", "_"; at most 255';

export class UpdateAvailabilityZoneProfileBody extends ProviderProfileBody {
  @ProfileDataField()
  availability_zone_data?: string;
}

export class CreateAvailabilityZoneProfileBody extends UpdateAvailabilityZoneProfileBody {
  @IsDefined({ message: 'name must be given' })
  declare name: string;

  @IsDefined({ message: 'provider_name must be given' })
  declare provider_name: string;

  @IsDefined({ message: 'availability_zone_data must be given' })
  declare availability_zone_data: string;
}

export class UpdateAvailabilityZoneBody {
  @FreeTextField()
  description?: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class CreateAvailabilityZoneBody extends UpdateAvailabilityZoneBody {
  @Matches(AVAILABILITY_ZONE_PATTERN, {
    message: `name must be a zone name (${AVAILABILITY_ZONE_NAME_RULE})`,
  })
  name!: string;

  @IsUUID(undefined, { message: 'availability_zone_profile_id must be a UUID' })
  availability_zone_profile_id!: string;
}

export class CreateAvailabilityZoneProfileRequest extends envelope(
  'availability_zone_profile',
  CreateAvailabilityZoneProfileBody,
) {}
export class UpdateAvailabilityZoneProfileRequest extends envelope(
  'availability_zone_profile',
  UpdateAvailabilityZoneProfileBody,
) {}
export class CreateAvailabilityZoneRequest extends envelope(
  'availability_zone',
  CreateAvailabilityZoneBody,
) {}
export class UpdateAvailabilityZoneRequest extends envelope(
  'availability_zone',
  UpdateAvailabilityZoneBody,
) {}
