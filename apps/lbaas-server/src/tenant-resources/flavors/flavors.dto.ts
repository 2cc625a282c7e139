import { IsBoolean, IsDefined, IsOptional, IsUUID } from 'class-validator';
import { envelope } from '../../platform/rest/envelope.dto';
import { FreeTextField } from '../../platform/rest/resource-body.dto';
import { ProfileDataField, ProviderProfileBody } from '../provider-profiles/provider-profile-body.dto';

export class UpdateFlavorProfileBody extends ProviderProfileBody {
  @ProfileDataField()
  flavor_data?: string;
}

export class CreateFlavorProfileBody extends UpdateFlavorProfileBody {
  @IsDefined({ message: 'name must be given' })
  declare name: string;

  @IsDefined({ message: 'provider_name must be given' })
  declare provider_name: string;

  @IsDefined({ message: 'flavor_data must be given' })
  declare flavor_data: string;
}

export class UpdateFlavorBody {
  @FreeTextField()
  name?: string;

  @FreeTextField()
  description?: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class CreateFlavorBody extends UpdateFlavorBody {
  @IsDefined({ message: 'name must be given' })
  declare name: string;

  @IsUUID(undefined, { message: 'flavor_profile_id must be a UUID' })
  flavor_profile_id!: string;
}

export class CreateFlavorProfileRequest extends envelope('flavorprofile', CreateFlavorProfileBody) {}
export class UpdateFlavorProfileRequest extends envelope('flavorprofile', UpdateFlavorProfileBody) {}
export class CreateFlavorRequest extends envelope('flavor', CreateFlavorBody) {}
export class UpdateFlavorRequest extends envelope('flavor', UpdateFlavorBody) {}
