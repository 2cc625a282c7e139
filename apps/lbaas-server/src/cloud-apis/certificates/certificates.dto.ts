import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { FreeTextField, OneOf } from '../../platform/rest/resource-body.dto';

export class CreateSecretBody {
  @FreeTextField()
  name?: string;

  @IsString()
  @MaxLength(65536)
  payload!: string;

  @IsOptional()
  @OneOf(['text/plain', 'application/octet-stream'])
  payload_content_type?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  secret_type?: string;
}

export class SecretRefBody {
  @OneOf(['certificate', 'private_key', 'intermediates'])
  name!: 'certificate' | 'private_key' | 'intermediates';

  @Matches(/^(.*\/)?[0-9a-fA-F-]{36}$/, { message: 'secret_refs.secret_ref must be a secret reference' })
  secret_ref!: string;
}

export class CreateContainerBody {
  @FreeTextField()
  name?: string;

  @OneOf(['certificate'])
  type!: 'certificate';

  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => SecretRefBody)
  secret_refs!: SecretRefBody[];
}
