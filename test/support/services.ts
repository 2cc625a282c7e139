import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { agentBrokerUser } from '@lbaas/contracts';
import { AmqpConnection, agentBrokerUserCommands, brokerTls } from '@lbaas/rpc';
import { join } from 'node:path';
import { REPO_DIR } from './processes';

/** The CA `npm run setup` makes for the local RabbitMQ and PostgreSQL. */
export const LOCAL_CA = `${process.env.LBAAS_TLS_DIR ?? '/etc/lbaas/tls'}/ca.pem`;

/**
 * Tests talk to RabbitMQ the way a deployment should: over TLS (port 5671), verified against the local CA.
 * Servers then send private keys only to agents whose link is TLS too, as in production.
 */
export const BROKER_TLS_ENV: Record<string, string> = {
  LBAAS_OSLO_MESSAGING_RABBIT_SSL: 'true',
  LBAAS_OSLO_MESSAGING_RABBIT_SSL_CA_FILE: LOCAL_CA,
};

/** The same plain (port 5672, no TLS), for tests of what a plain link gets. */
export function plainBroker(transportUrl: string): Record<string, string> {
  return {
    LBAAS_TRANSPORT_URL: transportUrl.replace(':5671/', ':5672/'),
    LBAAS_OSLO_MESSAGING_RABBIT_SSL: 'false',
  };
}

/** A broker connection of the test itself (to forge or probe messages), over TLS like the apps'. */
export function testBrokerConnection(transportUrl: string, connectionName: string): AmqpConnection {
  return new AmqpConnection({
    url: transportUrl,
    connectionName,
    tls: brokerTls({ rabbitSsl: true, rabbitSslCaFile: LOCAL_CA }),
  });
}

/** Runs one function of deploy/lib/services.sh (start_rabbitmq, stop_postgresql, ...): the same code setup uses. */
export function serviceControl(fn: string): void {
  execFileSync('bash', ['-c', `source "${join(REPO_DIR, 'deploy/lib/services.sh')}" && ${fn}`], {
    stdio: 'pipe',
    timeout: 180_000,
  });
}

function rabbitmqctl(...args: string[]): string {
  return execFileSync('rabbitmqctl', ['-q', ...args], {
    env: { ...process.env, HOME: '/var/lib/rabbitmq' },
    stdio: 'pipe',
    timeout: 60_000,
  }).toString();
}

/** The broker's connections: the name each client gave itself, and whether it came over TLS. */
export function brokerConnections(): { name: string; tls: boolean }[] {
  return rabbitmqctl('list_connections', '--no-table-headers', 'client_properties', 'ssl')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({
      name: /\{"connection_name","([^"]*)"\}/.exec(line)?.[1] ?? '',
      tls: line.trim().endsWith('\ttrue'),
    }));
}

/**
 * A RabbitMQ virtual host of its own for one test file, so its servers and agents never exchange
 * messages with another running system (e.g. a developer's `npm start`). Returns the transport_url.
 */
export function createTestVhost(name: string): string {
  rabbitmqctl('add_vhost', name);
  rabbitmqctl('set_permissions', '-p', name, 'guest', '.*', '.*', '.*');
  return `rabbit://guest:guest@127.0.0.1:5671/${name}`;
}

export function deleteTestVhost(name: string): void {
  rabbitmqctl('delete_vhost', name);
}

/**
 * A broker user of agent `host` alone on the test vhost, as `lbaas-manage agent-broker-user` prints it;
 * the transport_url that agent then uses. deleteAgentBrokerUser removes it.
 */
export function createAgentBrokerUser(vhost: string, host: string): string {
  const password = randomBytes(12).toString('hex');
  for (const args of agentBrokerUserCommands(host, vhost, password)) rabbitmqctl(...args);
  return `rabbit://${agentBrokerUser(host)}:${password}@127.0.0.1:5671/${vhost}`;
}

export function deleteAgentBrokerUser(host: string): void {
  try {
    rabbitmqctl('delete_user', agentBrokerUser(host));
  } catch {
    // already gone
  }
}
