import { agentBrokerPermissions, CONTROL_EXCHANGE } from '@lbaas/contracts';

/**
 * The `rabbitmqctl` argument arrays that give agent `host` a broker user of its own on `vhost`, limited
 * to its own queue and the server's routing key (agentBrokerPermissions). Pure: printed by
 * `lbaas-manage agent-broker-user`, run by the tests.
 */
export function agentBrokerUserCommands(host: string, vhost: string, password: string): string[][] {
  const permissions = agentBrokerPermissions(host);
  const { user } = permissions;
  return [
    ['add_user', user, password],
    ['set_permissions', '-p', vhost, user, permissions.configure, permissions.write, permissions.read],
    [
      'set_topic_permissions',
      '-p',
      vhost,
      user,
      CONTROL_EXCHANGE,
      permissions.topicWrite,
      permissions.topicRead,
    ],
  ];
}

/** The vhost a transport_url names ("/" when none). */
export function transportVhost(transportUrl: string): string {
  const path = /^[a-z]+:\/\/[^/]*\/([^?#]*)/.exec(transportUrl)?.[1];
  return path ? decodeURIComponent(path) : '/';
}
