/**
 * RabbitMQ names of the server <-> agent contract. Every exchange, queue and routing key lives here and
 * nowhere else, so both apps always agree (names follow neutron-lbaas: n-lbaasv2_agent / n-lbaasv2-plugin).
 */

/** Durable topic exchange that carries every call and cast. */
export const CONTROL_EXCHANGE = 'lbaas';

/** Topic of the agents: each agent consumes `<AGENT_TOPIC>.<host>`. */
export const AGENT_TOPIC = 'n-lbaasv2_agent';

/** Topic of the server(s): one queue shared by every server replica for agent -> server messages. */
export const PLUGIN_TOPIC = 'n-lbaasv2-plugin';

/** Fanout exchange for broadcasts to every agent ("resync now"). */
export const AGENT_FANOUT_EXCHANGE = `${AGENT_TOPIC}_fanout`;

/** Routing key (and durable queue name) of one agent's host. */
export function agentRoutingKey(host: string): string {
  return `${AGENT_TOPIC}.${host}`;
}

/** Unused agent queues disappear after a day, so a host that is gone for good leaves nothing behind. */
export const AGENT_QUEUE_EXPIRES_MS = 24 * 60 * 60 * 1000;

/** Prefix of the broker user of one agent (`lbaas-agent-<host>`): RabbitMQ vouches for it in `user_id`. */
export const AGENT_BROKER_USER_PREFIX = 'lbaas-agent-';

export function agentBrokerUser(host: string): string {
  return `${AGENT_BROKER_USER_PREFIX}${host}`;
}

/**
 * Why the server must not act on a message from broker user `userId` that speaks for `args.host`
 * (undefined: it may). RabbitMQ refuses a `user_id` that is not the sender's own user, so an agent with a
 * user of its own can speak only for its host; with `required`, every agent must have one.
 */
export function agentSenderProblem(
  userId: string | undefined,
  args: unknown,
  required: boolean,
): string | undefined {
  const host = typeof args === 'object' && args !== null ? (args as { host?: unknown }).host : undefined;
  if (userId?.startsWith(AGENT_BROKER_USER_PREFIX)) {
    const own = userId.slice(AGENT_BROKER_USER_PREFIX.length);
    return host === own
      ? undefined
      : `broker user ${userId} speaks only for host ${own}, not ${String(host)}`;
  }
  return required
    ? `agents must use their own broker user (${AGENT_BROKER_USER_PREFIX}<host>); this message came from ${userId ?? 'an unnamed user'}`
    : undefined;
}

const regexQuote = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What one agent's broker user may do (`rabbitmqctl set_permissions` and `set_topic_permissions`
 * patterns): declare and read its own queue and the exchanges it binds to, publish to the control
 * exchange only with the server's routing key. So it cannot consume another agent's queue nor cast to it.
 */
export function agentBrokerPermissions(host: string): {
  user: string;
  configure: string;
  write: string;
  read: string;
  topicWrite: string;
  topicRead: string;
} {
  const queue = regexQuote(agentRoutingKey(host));
  const exchanges = [CONTROL_EXCHANGE, AGENT_FANOUT_EXCHANGE].map(regexQuote).join('|');
  return {
    user: agentBrokerUser(host),
    configure: `^(${exchanges}|${queue})$`,
    // amq.default: replies to the server's calls go through the default exchange to its reply-to.
    write: `^(${regexQuote(CONTROL_EXCHANGE)}|${queue}|amq\\.default)$`,
    read: `^(${exchanges}|${queue})$`,
    topicWrite: `^${regexQuote(PLUGIN_TOPIC)}$`,
    topicRead: `^${queue}$`,
  };
}
