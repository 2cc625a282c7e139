import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { envelope } from '../rest/envelope.dto';

/** What the dashboard's Keystone login form sends: a user's password login scoped to one project. */
export class UiLoginBody {
  @IsString()
  @IsNotEmpty({ message: 'username must be given' })
  @MaxLength(255)
  username!: string;

  @IsString()
  @IsNotEmpty({ message: 'password must be given' })
  @MaxLength(4096)
  password!: string;

  @IsString()
  @IsNotEmpty({ message: 'project_name must be given' })
  @MaxLength(255)
  project_name!: string;

  /** Keystone's default domain unless the user belongs to another one. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  user_domain_name?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  project_domain_name?: string;
}

export class UiLoginRequest extends envelope('auth', UiLoginBody) {}
