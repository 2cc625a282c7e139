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
