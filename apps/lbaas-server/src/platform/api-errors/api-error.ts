import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Every error kind the API names (the `type` of neutron's NeutronError; octaviaclient shows the
 * message), with the one HTTP status it answers: defined once here, mapped once here.
 */
const STATUS_OF = {
  LoadBalancerNotFound: HttpStatus.NOT_FOUND,
  ListenerNotFound: HttpStatus.NOT_FOUND,
  PoolNotFound: HttpStatus.NOT_FOUND,
  MemberNotFound: HttpStatus.NOT_FOUND,
  HealthMonitorNotFound: HttpStatus.NOT_FOUND,
  L7PolicyNotFound: HttpStatus.NOT_FOUND,
  L7RuleNotFound: HttpStatus.NOT_FOUND,
  AgentNotFound: HttpStatus.NOT_FOUND,
  AmphoraNotFound: HttpStatus.NOT_FOUND,
  FlavorNotFound: HttpStatus.NOT_FOUND,
  FlavorProfileNotFound: HttpStatus.NOT_FOUND,
  AvailabilityZoneNotFound: HttpStatus.NOT_FOUND,
  AvailabilityZoneProfileNotFound: HttpStatus.NOT_FOUND,
  SecretNotFound: HttpStatus.NOT_FOUND,
  ContainerNotFound: HttpStatus.NOT_FOUND,
  NetworkNotFound: HttpStatus.NOT_FOUND,
  SubnetNotFound: HttpStatus.NOT_FOUND,
  PortNotFound: HttpStatus.NOT_FOUND,
  /** A write to a load balancer (or a child) while a change of it is pending. */
  LoadBalancerImmutable: HttpStatus.CONFLICT,
  /** An object another one still uses (a pool an L7 policy redirects to, a load balancer with children…). */
  EntityInUse: HttpStatus.CONFLICT,
  /** A second object with a name that must be unique (an availability zone). */
  RecordAlreadyExists: HttpStatus.CONFLICT,
  DuplicateMember: HttpStatus.CONFLICT,
  DuplicateListenerPort: HttpStatus.CONFLICT,
  OneHealthMonitorPerPool: HttpStatus.CONFLICT,
  ListenerPoolProtocolMismatch: HttpStatus.CONFLICT,
  NetworkInUse: HttpStatus.CONFLICT,
  SubnetInUse: HttpStatus.CONFLICT,
  PortInUse: HttpStatus.CONFLICT,
  SecretInUse: HttpStatus.CONFLICT,
  ContainerInUse: HttpStatus.CONFLICT,
  AgentInUse: HttpStatus.CONFLICT,
  IpAddressAlreadyAllocated: HttpStatus.CONFLICT,
  IpAddressGenerationFailure: HttpStatus.CONFLICT,
  /** Neutron's quota of the project (ports, security groups) is reached (network_driver = neutron). */
  OverQuota: HttpStatus.CONFLICT,
  /** Another conflict Neutron answered; its message says which. */
  NetworkingConflict: HttpStatus.CONFLICT,
  ProviderNotEnabled: HttpStatus.BAD_REQUEST,
  VipNetworkInvalid: HttpStatus.BAD_REQUEST,
  QuotaException: HttpStatus.FORBIDDEN,
  /** No alive agent may take a new load balancer. */
  NoEligibleLbaasAgent: HttpStatus.SERVICE_UNAVAILABLE,
  /** Neutron cannot be reached or fails (network_driver = neutron): nothing was changed; try again. */
  NetworkingUnavailable: HttpStatus.SERVICE_UNAVAILABLE,
} as const;

export type ApiErrorKind = keyof typeof STATUS_OF;

/** An error the API answers with its kind's status; ApiExceptionFilter writes the body both clients read. */
export class ApiError extends HttpException {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
  ) {
    super({ message, type: kind }, STATUS_OF[kind]);
  }
}
