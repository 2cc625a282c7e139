/**
 * Octavia's API versions (api-ref and release notes) and what each brought, with the test that shows it
 * works here, or why it does not yet. The version document advertises v2.0 … v2.N for the highest N whose
 * every version up to it is proven: clients (Kubernetes' cloud provider, Terraform) read it to decide what
 * to send, so a claim that is not kept breaks them. version-document.spec.ts checks every named test exists.
 */

/** A test that shows the feature through the API or the VIP: its file under test/ and its name. */
export interface ProvingTest {
  file: string;
  test: string;
}

export interface FeatureLevel {
  minor: number;
  features: string;
  /** The tests that show every feature of this version, or … */
  provenBy?: ProvingTest[];
  /** … what is missing, and why. */
  missing?: string;
}

const traffic = (test: string): ProvingTest => ({ file: 'traffic.e2e-spec.ts', test });
const api = (test: string): ProvingTest => ({ file: 'api.e2e-spec.ts', test });
const agent = (test: string): ProvingTest => ({ file: 'agent.e2e-spec.ts', test });
const failover = (test: string): ProvingTest => ({ file: 'failover.e2e-spec.ts', test });
const clients = (test: string): ProvingTest => ({ file: 'openstack-clients.e2e-spec.ts', test });
const udp = (test: string): ProvingTest => ({ file: 'udp.e2e-spec.ts', test });

const AMPHORA_TEST =
  "shows the running instance as an amphora (Octavia's amphora API); configure resends it, failover moves it";
const AMPHORA_CLI_TEST =
  'lists, shows, configures and reads the statistics of the amphora, the running instance';

export const FEATURE_LEVELS: FeatureLevel[] = [
  {
    minor: 1,
    features:
      'backup members; monitor http_version and domain_name; listener timeouts; amphora image_id (null: no images here)',
    provenBy: [
      traffic(
        'sends nothing to a backup member while a member is up and everything once none is; a member slower than timeout_member_data gets a 504',
      ),
      agent("sends HTTP/1.1 checks with the Host header of the monitor's domain_name"),
      failover(AMPHORA_TEST),
    ],
  },
  {
    minor: 2,
    features:
      'session persistence persistence_timeout and persistence_granularity (UDP pools only; refused on others)',
    provenBy: [
      api(
        'refuses the UDP-only persistence_timeout and persistence_granularity (Octavia 2.2) with that rule',
      ),
      udp('SOURCE_IP keeps one client on one member; SOURCE_IP persistence keeps it there until its timeout'),
    ],
  },
  { minor: 3, features: 'amphora statistics', provenBy: [failover(AMPHORA_TEST), clients(AMPHORA_CLI_TEST)] },
  {
    minor: 4,
    features: 'amphora compute_flavor (null: instances run on agents, not compute flavors)',
    provenBy: [failover(AMPHORA_TEST)],
  },
  {
    minor: 5,
    features: 'tags on every object, and tag filters',
    provenBy: [api('takes more than 50 tags, and filters by tags, tags-any, not-tags and not-tags-any')],
  },
  {
    minor: 6,
    features: "flavors, flavor profiles and the providers' flavor capabilities",
    provenBy: [
      api(
        "lets operators define flavors from the provider's capabilities and tenants create load balancers with them; what is in use stays",
      ),
      traffic("gives a load balancer created with a flavor its profile's haproxy settings"),
      clients('defines a flavor profile and a flavor, and creates a load balancer with it'),
    ],
  },
  { minor: 7, features: 'amphora configure', provenBy: [failover(AMPHORA_TEST), clients(AMPHORA_CLI_TEST)] },
  {
    minor: 8,
    features:
      'listener client authentication (CA, CRL); pool re-encryption (tls_enabled, certificate, CA, CRL)',
    provenBy: [
      traffic(
        'asks clients for certificates: OPTIONAL routes by SSL_CONN_HAS_CERT, MANDATORY refuses none, strangers and the revoked, and members see X-SSL-Client-*',
      ),
      traffic(
        're-encrypts to members over TLS; with a CA, a member whose certificate another CA signed is marked down and not used',
      ),
    ],
  },
  {
    minor: 9,
    features: 'L7 policy redirect_http_code',
    provenBy: [traffic('routes /api to another pool, rejects by header and redirects to a URL')],
  },
  {
    minor: 10,
    features: 'monitor Host header (domain_name with HTTP/1.1)',
    provenBy: [agent("sends HTTP/1.1 checks with the Host header of the monitor's domain_name")],
  },
  {
    minor: 11,
    features: 'batch member update with additive_only',
    provenBy: [
      agent('adds a member with a batch update ?additive_only=true; every member there before still serves'),
    ],
  },
  {
    minor: 12,
    features: 'listener allowed_cidrs',
    provenBy: [traffic('serves only the sources the listener allows')],
  },
  {
    minor: 13,
    features: 'SOURCE_IP_PORT algorithm',
    provenBy: [
      traffic(
        "SOURCE_IP_PORT hashes the client's port too: one client's connections spread over both members",
      ),
    ],
  },
  {
    minor: 14,
    features: 'availability zones and their profiles',
    provenBy: [
      api(
        "lets operators define zones from the provider's capabilities and tenants create load balancers in them; what is in use stays",
      ),
      api(
        'ends a load balancer created in a zone without an alive agent in ERROR, naming the zone; it can be deleted',
      ),
      failover(
        "places a load balancer of an availability zone only on that zone's agents, and keeps it there in a failover",
      ),
      clients(
        'defines an availability zone profile and zone, and creates a load balancer in it on its agents',
      ),
    ],
  },
  {
    minor: 15,
    features: 'listener and pool tls_ciphers',
    provenBy: [traffic('accepts exactly the TLS versions and ciphers the listener names')],
  },
  {
    minor: 16,
    features: 'HTTP and TCP monitors of UDP pools',
    provenBy: [
      api('takes HTTP and TCP monitors on UDP pools (Octavia 2.16)'),
      udp(
        'checks UDP members with an HTTP monitor on their monitor_port (Octavia 2.16): one without a web check gets no flow',
      ),
    ],
  },
  {
    minor: 17,
    features: 'listener tls_versions',
    provenBy: [traffic('accepts exactly the TLS versions and ciphers the listener names')],
  },
  {
    minor: 18,
    features: 'pool tls_versions',
    provenBy: [
      api(
        'gives TERMINATED_HTTPS listeners and re-encrypting pools the operator defaults, refuses what breaks the rules, and keeps CAs and CRLs in use',
      ),
    ],
  },
  {
    minor: 19,
    features: 'L7 policy and rule quotas',
    provenBy: [
      api('limits L7 policies and rules per project (Octavia 2.19), in a single-call create too'),
      clients('shows, sets and resets quotas, and lists the providers'),
    ],
  },
  {
    minor: 20,
    features: 'listener alpn_protocols',
    provenBy: [
      traffic(
        'terminates HTTPS with a certificate kept as Barbican-style secrets, written 0600 on the node; SNI picks by name',
      ),
    ],
  },
  {
    minor: 21,
    features: 'amphora delete',
    missing: 'not served: an instance goes with its load balancer, or is replaced by a failover',
  },
  {
    minor: 22,
    features: 'PROXYV2 pools',
    provenBy: [traffic('sends a version 2 PROXY header to the members of a PROXYV2 pool')],
  },
  { minor: 23, features: 'SCTP', missing: 'not supported' },
  {
    minor: 24,
    features: 'pool alpn_protocols',
    provenBy: [
      api(
        'gives TERMINATED_HTTPS listeners and re-encrypting pools the operator defaults, refuses what breaks the rules, and keeps CAs and CRLs in use',
      ),
    ],
  },
  { minor: 25, features: 'PROMETHEUS listeners', missing: 'not supported' },
  {
    minor: 26,
    features: 'additional_vips',
    provenBy: [
      api('takes additional VIPs on other subnets of the VIP network (Octavia 2.26), and refuses any other'),
      traffic("answers on an additional VIP of the network's second subnet as on the first"),
    ],
  },
  {
    minor: 27,
    features: 'listener HSTS',
    provenBy: [
      traffic(
        'terminates HTTPS with a certificate kept as Barbican-style secrets, written 0600 on the node; SNI picks by name',
      ),
    ],
  },
  { minor: 28, features: 'vip_vnic_type', missing: 'not shown' },
  { minor: 29, features: 'vip_sg_ids', missing: 'not supported' },
  { minor: 30, features: 'member vnic_type', missing: 'not shown' },
];

/** The highest N whose every version 2.1 … 2.N is proven (2.0 is the base API). */
export function highestProvenMinorVersion(levels: FeatureLevel[] = FEATURE_LEVELS): number {
  let highest = 0;
  for (const level of [...levels].sort((a, b) => a.minor - b.minor)) {
    if (level.minor !== highest + 1 || !level.provenBy?.length || level.missing) break;
    highest = level.minor;
  }
  return highest;
}
