/** What the API needs from a token Keystone validated: whose it is and what it may do. */
export interface ValidatedToken {
  projectId: string;
  /** Role names, lower case, implied roles included (Keystone expands them: admin → member → reader). */
  roles: string[];
  /** Epoch milliseconds. */
  expiresAt: number;
}

export class TokenScopeError extends Error {}

interface TokenBody {
  token?: {
    expires_at?: unknown;
    project?: { id?: unknown };
    roles?: Array<{ name?: unknown }>;
  };
}

/**
 * Reads the body of Keystone v3 `GET /v3/auth/tokens`. Load balancers belong to projects, so only a
 * project-scoped token may use the API (domain- and system-scoped tokens are refused).
 */
export function readValidatedToken(body: unknown): ValidatedToken {
  const token = (body as TokenBody | null)?.token;
  const projectId = token?.project?.id;
  if (typeof projectId !== 'string' || projectId === '') {
    throw new TokenScopeError('a project-scoped token is required');
  }
  const expiresAt = typeof token?.expires_at === 'string' ? Date.parse(token.expires_at) : NaN;
  if (Number.isNaN(expiresAt)) throw new Error('Keystone returned a token without a valid expires_at');
  const roles = (token?.roles ?? [])
    .map((role) => role.name)
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.toLowerCase());
  return { projectId, roles, expiresAt };
}

/** Until when a validated token is trusted without asking again: never past its expiry. */
export function trustedUntil(token: ValidatedToken, nowMs: number, cacheSeconds: number): number {
  return Math.min(token.expiresAt, nowMs + cacheSeconds * 1000);
}

/** `http://h:5000`, `http://h:5000/`, `http://h:5000/v3/` → `http://h:5000/v3`. */
export function identityV3Url(authUrl: string): string {
  const trimmed = authUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/v3') ? trimmed : `${trimmed}/v3`;
}

/** The password authentication of a user scoped to a project: the service's own token, or a UI login. */
export function passwordTokenRequest(credentials: {
  username: string;
  password: string;
  userDomainName: string;
  projectName: string;
  projectDomainName: string;
}) {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: {
            name: credentials.username,
            domain: { name: credentials.userDomainName },
            password: credentials.password,
          },
        },
      },
      scope: {
        project: { name: credentials.projectName, domain: { name: credentials.projectDomainName } },
      },
    },
  };
}

/** One service of a Keystone v3 token's catalog. */
export interface CatalogService {
  type?: string;
  endpoints?: Array<{ interface?: string; region_id?: string; region?: string; url?: string }>;
}

/**
 * The URL of a service in a token's catalog: the first of `interfaces` (in order of preference) that has
 * an endpoint of that type, in `region` when one is given; undefined when the catalog has none.
 */
export function catalogEndpoint(
  catalog: readonly CatalogService[],
  type: string,
  interfaces: readonly string[],
  region: string,
): string | undefined {
  const endpoints = catalog
    .filter((service) => service.type === type)
    .flatMap((service) => service.endpoints ?? [])
    .filter((endpoint) => !region || endpoint.region_id === region || endpoint.region === region);
  for (const wanted of interfaces) {
    const url = endpoints.find((endpoint) => endpoint.interface === wanted)?.url;
    if (url) return url.replace(/\/+$/, '');
  }
  return undefined;
}
