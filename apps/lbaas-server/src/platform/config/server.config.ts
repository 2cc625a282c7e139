import {
  IsBoolean,
  IsIn,
  IsInt,
  IsIP,
  IsNumber,
  IsNotEmpty,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { CommonConfig, Option } from '@lbaas/config';
import { CIPHER_LIST_PATTERN, TLS_VERSIONS } from '@lbaas/contracts';

/** A comma-separated list of TLS versions as an option holds it. */
const TLS_VERSION = `(${TLS_VERSIONS.map((version) => version.replace('.', '\\.')).join('|')})`;
const TLS_VERSION_LIST = new RegExp(`^${TLS_VERSION}(,${TLS_VERSION})*$`);

/** Octavia's default cipher list (Mozilla's intermediate compatibility), TLS 1.3 suites first. */
const DEFAULT_CIPHERS = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-SHA384',
  'ECDHE-RSA-AES256-SHA384',
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-RSA-AES128-SHA256',
].join(':');

export type SchedulerDriver = 'least_loaded' | 'chance';

/** Accepted names, including neutron-lbaas' class path of its chance scheduler. */
export const SCHEDULER_DRIVER_ALIASES: Record<string, SchedulerDriver> = {
  least_loaded: 'least_loaded',
  chance: 'chance',
  'neutron_lbaas.agent_scheduler.ChanceScheduler': 'chance',
};

/** Configuration of lbaas-server (INI file via --config-file, then LBAAS_* environment variables). */
export class ServerConfig extends CommonConfig {
  @Option({ help: 'Address the REST API listens on.' })
  @IsIP(undefined, { message: 'bind_host must be an IP address' })
  bindHost: string = '127.0.0.1';

  @Option({ help: 'Port of the REST API.' })
  @IsInt()
  @Min(1)
  @Max(65535)
  bindPort: number = 9876;

  @Option({
    name: 'connection',
    sections: ['database'],
    help: 'PostgreSQL URL of the database.',
    secret: true,
  })
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'connection must be a postgresql:// URL' })
  databaseConnection: string = 'postgresql://lbaas:lbaas@127.0.0.1:5432/lbaas';

  @Option({ help: 'Seconds without a state report after which an agent is considered dead.' })
  @IsInt()
  @Min(2)
  agentDownTime: number = 10;

  @Option({
    help: 'Seconds a load balancer may stay PENDING before its change is sent again; after twice this it becomes ERROR.',
  })
  @IsInt()
  @Min(2)
  pendingTimeout: number = 120;

  @Option({ help: 'Log every SQL statement (debugging only).', sections: ['database'] })
  @IsBoolean()
  debugSql: boolean = false;

  @Option({
    help: 'How API callers are identified: noauth (headers X-Project-Id / X-Roles) or keystone (X-Auth-Token checked with Keystone v3).',
  })
  @IsIn(['noauth', 'keystone'], { message: 'auth_strategy must be noauth or keystone' })
  authStrategy: string = 'noauth';

  @Option({
    name: 'auth_url',
    sections: ['keystone_authtoken'],
    help: 'keystone: Identity v3 URL the server validates tokens with, e.g. http://controller:5000/v3.',
  })
  @ValidateIf((config: ServerConfig) => config.authStrategy === 'keystone')
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'auth_url must be an http(s) URL' })
  keystoneAuthUrl: string = '';

  @Option({
    name: 'username',
    sections: ['keystone_authtoken'],
    help: "keystone: the service user (it needs Keystone's service or admin role to validate tokens).",
  })
  @ValidateIf((config: ServerConfig) => config.authStrategy === 'keystone')
  @IsNotEmpty({ message: 'username is required with auth_strategy = keystone' })
  keystoneUsername: string = '';

  @Option({
    name: 'password',
    sections: ['keystone_authtoken'],
    help: 'keystone: password of the service user.',
    secret: true,
  })
  @ValidateIf((config: ServerConfig) => config.authStrategy === 'keystone')
  @IsNotEmpty({ message: 'password is required with auth_strategy = keystone' })
  keystonePassword: string = '';

  @Option({
    name: 'project_name',
    sections: ['keystone_authtoken'],
    help: 'keystone: project of the service user.',
  })
  keystoneProjectName: string = 'service';

  @Option({
    name: 'user_domain_name',
    sections: ['keystone_authtoken'],
    help: 'keystone: domain of the service user.',
  })
  keystoneUserDomainName: string = 'Default';

  @Option({
    name: 'project_domain_name',
    sections: ['keystone_authtoken'],
    help: "keystone: domain of the service user's project.",
  })
  keystoneProjectDomainName: string = 'Default';

  @Option({
    name: 'token_cache_time',
    sections: ['keystone_authtoken'],
    help: 'keystone: longest a validated token is trusted without asking Keystone again, in seconds (never past its expiry).',
  })
  @IsInt()
  @Min(0)
  keystoneTokenCacheTime: number = 300;

  @Option({
    name: 'http_request_timeout',
    sections: ['keystone_authtoken'],
    help: 'keystone: seconds to wait for an answer from Keystone before the API answers 503.',
  })
  @IsInt()
  @Min(1)
  keystoneTimeout: number = 10;

  @Option({ help: 'noauth: project of requests that carry no X-Project-Id header.' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, {
    message: 'noauth_default_project_id must be 1 to 64 letters, digits, "-" or "_"',
  })
  noauthDefaultProjectId: string = 'admin';

  @Option({ help: 'noauth: comma-separated roles of requests that carry no X-Roles header.' })
  @Matches(/^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/, {
    message: 'noauth_default_roles must be a comma-separated list of role names',
  })
  noauthDefaultRoles: string = 'admin,member';

  @Option({ help: 'Largest page a list request may ask for (Octavia: pagination_max_limit).' })
  @IsInt()
  @Min(1)
  paginationMaxLimit: number = 1000;

  @Option({
    help: 'Comma-separated providers callers may choose: haproxy (agents), noop (no data plane; API tests only).',
  })
  @Matches(/^(haproxy|noop)(,(haproxy|noop))*$/, {
    message: 'enabled_providers must list haproxy and/or noop',
  })
  enabledProviders: string = 'haproxy';

  @Option({
    name: 'loadbalancer_topology',
    sections: ['controller_worker'],
    help: "Topology of load balancers whose flavor does not set one: SINGLE (one instance) or ACTIVE_STANDBY (two instances on two agents, VRRP between them, the VIP on the master: a node's loss costs under a second). A flavor's loadbalancer_topology wins.",
  })
  @IsIn(['SINGLE', 'ACTIVE_STANDBY'], { message: 'loadbalancer_topology must be SINGLE or ACTIVE_STANDBY' })
  loadbalancerTopology: string = 'SINGLE';

  @Option({
    name: 'vrrp_advert_int',
    sections: ['keepalived_vrrp'],
    help: 'Seconds between VRRP adverts of an ACTIVE_STANDBY master (a multiple of 0.01): the backup takes over after about three missed ones. 0.2 took over in ~0.7 s without flapping on a busy 2-core machine (bench/README.md).',
  })
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'vrrp_advert_int must be a number with at most 2 decimals' })
  @Min(0.01)
  @Max(40.95)
  vrrpAdvertInt: number = 0.2;

  @Option({
    name: 'vrrp_check_interval',
    sections: ['keepalived_vrrp'],
    help: 'Whole seconds between the checks that haproxy runs in an ACTIVE_STANDBY instance.',
  })
  @IsInt()
  @Min(1)
  @Max(60)
  vrrpCheckInterval: number = 1;

  @Option({
    name: 'vrrp_fail_count',
    sections: ['keepalived_vrrp'],
    help: 'Failed haproxy checks in a row after which an instance gives up the VIP (its peer takes it).',
  })
  @IsInt()
  @Min(1)
  @Max(10)
  vrrpFailCount: number = 2;

  @Option({ help: 'Provider of load balancers created without one; must be enabled.' })
  @IsIn(['haproxy', 'noop'], { message: 'default_provider must be haproxy or noop' })
  defaultProvider: string = 'haproxy';

  @Option({
    name: 'default_load_balancer_quota',
    sections: ['quotas'],
    help: 'Load balancers per project (-1: unlimited).',
  })
  @IsInt()
  @Min(-1)
  defaultLoadBalancerQuota: number = -1;

  @Option({
    name: 'default_listener_quota',
    sections: ['quotas'],
    help: 'Listeners per project (-1: unlimited).',
  })
  @IsInt()
  @Min(-1)
  defaultListenerQuota: number = -1;

  @Option({ name: 'default_pool_quota', sections: ['quotas'], help: 'Pools per project (-1: unlimited).' })
  @IsInt()
  @Min(-1)
  defaultPoolQuota: number = -1;

  @Option({
    name: 'default_member_quota',
    sections: ['quotas'],
    help: 'Members per project (-1: unlimited).',
  })
  @IsInt()
  @Min(-1)
  defaultMemberQuota: number = -1;

  @Option({
    name: 'default_health_monitor_quota',
    sections: ['quotas'],
    help: 'Health monitors per project (-1: unlimited).',
  })
  @IsInt()
  @Min(-1)
  defaultHealthMonitorQuota: number = -1;

  @Option({
    name: 'default_l7policy_quota',
    sections: ['quotas'],
    help: 'L7 policies per project (-1: unlimited).',
  })
  @IsInt()
  @Min(-1)
  defaultL7PolicyQuota: number = -1;

  @Option({
    name: 'default_l7rule_quota',
    sections: ['quotas'],
    help: 'L7 rules per project (-1: unlimited).',
  })
  @IsInt()
  @Min(-1)
  defaultL7RuleQuota: number = -1;

  @Option({
    help: "Act only on agents' messages sent with their own broker user (lbaas-agent-<host>, see lbaas-manage agent-broker-user): a node then cannot speak for another.",
  })
  @IsBoolean()
  requireAgentBrokerUsers: boolean = false;

  @Option({
    help: 'How an agent is chosen for a new load balancer: least_loaded (fewest load balancers) or chance (random).',
  })
  @IsIn(Object.keys(SCHEDULER_DRIVER_ALIASES), {
    message: `loadbalancer_scheduler_driver must be one of ${Object.keys(SCHEDULER_DRIVER_ALIASES).join(', ')}`,
  })
  loadbalancerSchedulerDriver: string = 'least_loaded';

  get schedulerDriver(): SchedulerDriver {
    return SCHEDULER_DRIVER_ALIASES[this.loadbalancerSchedulerDriver];
  }

  @Option({
    help: 'Schedule load balancers on agents running the dry-run device_driver noop, which serve nothing: for control-plane benchmarks only. Off: such agents register but get no load balancer.',
  })
  @IsBoolean()
  allowDryRunAgents: boolean = false;

  @Option({ help: "Move a dead agent's load balancers to alive agents automatically." })
  @IsBoolean()
  allowAutomaticFailover: boolean = true;

  @Option({
    help: 'Percent of agents that may be dead at once before automatic failover pauses (a broker or server outage makes every agent look dead).',
  })
  @IsInt()
  @Min(1)
  @Max(100)
  failoverThreshold: number = 50;

  @Option({
    name: 'network_driver',
    sections: ['controller_worker'],
    help: "Who owns networks, subnets and VIP ports: builtin (this server's own networking API and VLAN tags, for a standalone deployment) or neutron (an OpenStack cloud's Neutron, [neutron] options; its OVS agent tags the ports).",
  })
  @IsIn(['builtin', 'neutron'], { message: 'network_driver must be builtin or neutron' })
  networkDriver: 'builtin' | 'neutron' = 'builtin';

  @Option({
    name: 'endpoint_override',
    sections: ['neutron'],
    help: "neutron: Neutron's URL, e.g. http://controller:9696. Empty: the network endpoint of Keystone's catalog (auth_strategy = keystone; the [keystone_authtoken] service user's token).",
  })
  @ValidateIf(
    (config: ServerConfig) => config.networkDriver === 'neutron' && config.authStrategy !== 'keystone',
  )
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'endpoint_override must be an http(s) URL when network_driver = neutron without Keystone' },
  )
  neutronEndpointOverride: string = '';

  @Option({
    name: 'region_name',
    sections: ['neutron'],
    help: "neutron: region of Neutron's endpoint in Keystone's catalog (empty: any).",
  })
  neutronRegionName: string = '';

  @Option({
    name: 'valid_interfaces',
    sections: ['neutron'],
    help: 'neutron: catalog interfaces to use, in order of preference (comma-separated: internal, public, admin).',
  })
  @Matches(/^(internal|public|admin)(,(internal|public|admin))*$/, {
    message: 'valid_interfaces must be a comma-separated list of internal, public, admin',
  })
  neutronValidInterfaces: string = 'internal,public';

  @Option({
    name: 'cafile',
    sections: ['neutron'],
    help: "neutron: PEM file of the CA that signed Neutron's HTTPS certificate (empty: the system's CAs).",
  })
  neutronCaFile: string = '';

  @Option({
    name: 'timeout',
    sections: ['neutron'],
    help: 'neutron: seconds to wait for an answer from Neutron before the request fails (503, or ERROR with the reason).',
  })
  @IsInt()
  @Min(1)
  neutronTimeout: number = 30;

  @Option({
    name: 'orphan_cleanup_interval',
    sections: ['neutron'],
    help: 'neutron: seconds between sweeps that delete VIP ports and security groups this server made for load balancers that no longer exist (0: never).',
  })
  @IsInt()
  @Min(0)
  neutronOrphanCleanupInterval: number = 300;

  @Option({
    name: 'encryption_key',
    sections: ['certificates'],
    help: 'Key that encrypts secret payloads (TLS private keys) in the database with AES-256-GCM: 32 random bytes in base64 (openssl rand -base64 32). Empty: stored unencrypted (a warning at start). Keep it: sealed secrets cannot be read without it.',
    secret: true,
  })
  @Matches(/^$|^[A-Za-z0-9+/]{43}=$/, {
    message: 'encryption_key must be empty or 32 bytes in base64 (openssl rand -base64 32)',
  })
  certificatesEncryptionKey: string = '';

  @Option({
    name: 'allow_keys_over_plain_broker',
    sections: ['certificates'],
    help: "Send TLS private keys to agents even when the server's or the agent's link to the broker has no TLS ([oslo_messaging_rabbit] ssl). Off: such a load balancer's change fails (ERROR, the reason logged) instead of putting keys on the wire in clear.",
  })
  @IsBoolean()
  allowKeysOverPlainBroker: boolean = false;

  @Option({
    sections: ['api_settings'],
    help: 'TLS versions of TERMINATED_HTTPS listeners created without tls_versions (comma-separated).',
  })
  @Matches(TLS_VERSION_LIST, {
    message: `default_listener_tls_versions must list ${TLS_VERSIONS.join(', ')}`,
  })
  defaultListenerTlsVersions: string = 'TLSv1.2,TLSv1.3';

  @Option({
    name: 'default_listener_ciphers',
    sections: ['api_settings'],
    help: 'OpenSSL cipher list of TERMINATED_HTTPS listeners created without tls_ciphers.',
  })
  @Matches(CIPHER_LIST_PATTERN, { message: 'default_listener_ciphers must be an OpenSSL cipher list' })
  defaultListenerCiphers: string = DEFAULT_CIPHERS;

  @Option({
    sections: ['api_settings'],
    help: 'TLS versions of re-encrypting pools (tls_enabled) created without tls_versions (comma-separated).',
  })
  @Matches(TLS_VERSION_LIST, { message: `default_pool_tls_versions must list ${TLS_VERSIONS.join(', ')}` })
  defaultPoolTlsVersions: string = 'TLSv1.2,TLSv1.3';

  @Option({
    name: 'default_pool_ciphers',
    sections: ['api_settings'],
    help: 'OpenSSL cipher list of re-encrypting pools created without tls_ciphers.',
  })
  @Matches(CIPHER_LIST_PATTERN, { message: 'default_pool_ciphers must be an OpenSSL cipher list' })
  defaultPoolCiphers: string = DEFAULT_CIPHERS;

  @Option({
    sections: ['api_settings'],
    help: 'Oldest TLS version a listener or pool may accept; empty: any.',
  })
  @IsIn(['', ...TLS_VERSIONS], {
    message: `minimum_tls_version must be empty or one of ${TLS_VERSIONS.join(', ')}`,
  })
  minimumTlsVersion: string = '';

  get enabledProviderNames(): string[] {
    return this.enabledProviders.split(',');
  }
}
