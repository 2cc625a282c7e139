import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { FreeTextField } from '../resources/resource-body.dto';

export class CreateSecretBody {
  @FreeTextField()
  name?: string;

  @IsString()
  @MaxLength(65536)
  payload!: string;

  @IsOptional()
  @IsIn(['text/plain', 'application/octet-stream'], { message: 'payload_content_type must be text/plain' })
  payload_content_type?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  secret_type?: string;
}

export class SecretRefBody {
  @IsIn(['certificate', 'private_key', 'intermediates'], {
    message: 'secret_refs.name must be certificate, private_key or intermediates',
  })
  name!: 'certificate' | 'private_key' | 'intermediates';

  @Matches(/^(.*\/)?[0-9a-fA-F-]{36}$/, { message: 'secret_refs.secret_ref must be a secret reference' })
  secret_ref!: string;
}

export class CreateContainerBody {
  @FreeTextField()
  name?: string;

  @IsIn(['certificate'], { message: 'type must be certificate' })
  type!: 'certificate';

  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => SecretRefBody)
  secret_refs!: SecretRefBody[];
}
