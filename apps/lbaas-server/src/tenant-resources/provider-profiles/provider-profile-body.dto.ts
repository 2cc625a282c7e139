import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { FreeTextField } from '../../platform/rest/resource-body.dto';

/** The fields every profile has; each kind adds its settings field. */
export class ProviderProfileBody {
  @FreeTextField()
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  provider_name?: string;
}

/** A profile's settings: a JSON object of its provider's capabilities, as text (Octavia's form). */
export const ProfileDataField = () => applyDecorators(IsOptional(), IsString(), MaxLength(4096));
