import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const PROJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Free text every object may carry: stored and shown, never rendered into a config or a command. */
export class DescribedBody {
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  description?: string;
}

/** Fields every create/update body of an object with an admin state may carry. */
export class ResourceBody extends DescribedBody {
  @IsOptional()
  @IsBoolean()
  admin_state_up?: boolean;
}

/** Create bodies also say whose object it is (admins only may name another project). */
export class OwnedResourceBody extends ResourceBody {
  @IsOptional()
  @Matches(PROJECT_ID, { message: 'project_id must be 1 to 64 letters, digits, "-" or "_"' })
  project_id?: string;

  @IsOptional()
  @Matches(PROJECT_ID, { message: 'tenant_id must be 1 to 64 letters, digits, "-" or "_"' })
  tenant_id?: string;
}
