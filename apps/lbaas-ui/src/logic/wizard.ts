/** The create wizard's form, as typed (numbers stay text until the body is built). */
export interface WizardForm {
  name: string;
  description: string;
  vipSubnetId: string;
  vipAddress: string;
  listener: { name: string; protocol: ListenerProtocol; port: string; connectionLimit: string };
  pool: {
    name: string;
    algorithm: string;
    persistence: '' | 'SOURCE_IP' | 'HTTP_COOKIE' | 'APP_COOKIE';
    cookieName: string;
  };
  members: { name: string; address: string; port: string; weight: string }[];
  monitor: {
    enabled: boolean;
    type: string;
    delay: string;
    timeout: string;
    maxRetries: string;
    urlPath: string;
    expectedCodes: string;
  };
}

export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'UDP';
export const LISTENER_PROTOCOLS: ListenerProtocol[] = ['HTTP', 'HTTPS', 'TCP', 'UDP'];
export const ALGORITHMS = ['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP'];

/** The monitor types that fit a listener's protocol (Octavia: UDP pools take UDP-CONNECT, HTTP, PING). */
export function monitorTypes(protocol: ListenerProtocol): string[] {
  if (protocol === 'UDP') return ['UDP-CONNECT', 'HTTP', 'PING'];
  if (protocol === 'TCP') return ['TCP', 'HTTP', 'PING'];
  return ['HTTP', 'HTTPS', 'TCP', 'PING'];
}

export function emptyWizardForm(): WizardForm {
  return {
    name: '',
    description: '',
    vipSubnetId: '',
    vipAddress: '',
    listener: { name: '', protocol: 'HTTP', port: '80', connectionLimit: '' },
    pool: { name: '', algorithm: 'ROUND_ROBIN', persistence: '', cookieName: '' },
    members: [{ name: '', address: '', port: '80', weight: '1' }],
    monitor: {
      enabled: true,
      type: 'HTTP',
      delay: '5',
      timeout: '5',
      maxRetries: '3',
      urlPath: '/',
      expectedCodes: '200',
    },
  };
}

/** The steps, in order: the load balancer, its listener, its pool, the pool's members, the monitor. */
export const WIZARD_STEPS = ['Load balancer', 'Listener', 'Pool', 'Members', 'Monitor'] as const;

const LISTENER = 'loadbalancer.listeners.0';
const POOL = `${LISTENER}.default_pool`;
const MONITOR = `${POOL}.healthmonitor`;

/** Which step shows a field (for an error the API reports): by the path's prefix, deepest first. */
export function stepOfField(field: string): number {
  if (field.startsWith(MONITOR)) return 4;
  if (field.startsWith(`${POOL}.members`)) return 3;
  if (field.startsWith(POOL)) return 2;
  if (field.startsWith(LISTENER)) return 1;
  return 0;
}

/** The API's path of every field the form has (errors are shown where these are). */
export function wizardFields(form: WizardForm): string[] {
  return [
    'loadbalancer.name',
    'loadbalancer.description',
    'loadbalancer.vip_subnet_id',
    'loadbalancer.vip_address',
    `${LISTENER}.name`,
    `${LISTENER}.protocol`,
    `${LISTENER}.protocol_port`,
    `${LISTENER}.connection_limit`,
    `${POOL}.name`,
    `${POOL}.lb_algorithm`,
    `${POOL}.session_persistence`,
    `${POOL}.session_persistence.cookie_name`,
    ...form.members.flatMap((_, i) =>
      ['name', 'address', 'protocol_port', 'weight'].map((key) => `${POOL}.members.${i}.${key}`),
    ),
    `${MONITOR}.type`,
    `${MONITOR}.delay`,
    `${MONITOR}.timeout`,
    `${MONITOR}.max_retries`,
    `${MONITOR}.url_path`,
    `${MONITOR}.expected_codes`,
  ];
}

/**
 * A number as typed: an integer is sent as one; anything else is sent as typed, so that the API, not
 * the page, says what is wrong with it (and names the field); an empty field is left out.
 */
export function numberField(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function textField(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Drops the keys whose value is undefined: an empty field means "the API's default". */
function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** A pool speaks the listener's protocol (HTTPS passes through as HTTPS). */
function poolProtocol(protocol: ListenerProtocol): string {
  return protocol;
}

const HTTP_MONITORS = ['HTTP', 'HTTPS'];

/** The single-call create (`POST /v2/lbaas/loadbalancers`) of the whole graph the wizard describes. */
export function createLoadBalancerBody(form: WizardForm): { loadbalancer: Record<string, unknown> } {
  const { listener, pool, monitor } = form;
  const persistence =
    pool.persistence === ''
      ? undefined
      : defined({
          type: pool.persistence,
          cookie_name: pool.persistence === 'APP_COOKIE' ? textField(pool.cookieName) : undefined,
        });
  const healthmonitor = monitor.enabled
    ? defined({
        type: monitor.type,
        delay: numberField(monitor.delay),
        timeout: numberField(monitor.timeout),
        max_retries: numberField(monitor.maxRetries),
        ...(HTTP_MONITORS.includes(monitor.type)
          ? { url_path: textField(monitor.urlPath), expected_codes: textField(monitor.expectedCodes) }
          : {}),
      })
    : undefined;
  const members = form.members
    .filter((member) => member.address.trim() !== '' || member.name.trim() !== '')
    .map((member) =>
      defined({
        name: textField(member.name),
        address: member.address.trim(),
        protocol_port: numberField(member.port),
        weight: numberField(member.weight),
      }),
    );
  return {
    loadbalancer: defined({
      name: textField(form.name),
      description: textField(form.description),
      vip_subnet_id: textField(form.vipSubnetId),
      vip_address: textField(form.vipAddress),
      listeners: [
        defined({
          name: textField(listener.name),
          protocol: listener.protocol,
          protocol_port: numberField(listener.port),
          connection_limit: numberField(listener.connectionLimit),
          default_pool: defined({
            name: textField(pool.name),
            protocol: poolProtocol(listener.protocol),
            lb_algorithm: pool.algorithm,
            session_persistence: persistence,
            members,
            healthmonitor,
          }),
        }),
      ],
    }),
  };
}
