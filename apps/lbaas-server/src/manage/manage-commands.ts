import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { agentBrokerUser as agentBrokerUserName, HOST_NAME_PATTERN } from '@lbaas/contracts';
import { agentBrokerUserCommands, transportVhost } from '@lbaas/rpc';
import { describeConfig } from '@lbaas/config';
import { DataSource } from 'typeorm';
import { AgentsService } from '../control-plane/agents/agents.service';
import { AppModule } from '../app.module';
import { Caller } from '../platform/auth/caller';
import type { ServerConfig } from '../platform/config/server.config';
import { FailoverService } from '../control-plane/failover/failover.service';
import { LoadBalancerEntity } from '../lb-graph/entities/load-balancer.entity';
import { LoadBalancerInstanceEntity } from '../lb-graph/entities/load-balancer-instance.entity';
import { CertificatesService } from '../cloud-apis/certificates/certificates.service';
import { UsageError } from './usage-error';

export { UsageError } from './usage-error';

/** The operator's commands besides serve and migrate (lbaas-manage). Output is for people: one line per item. */
export const MANAGE_USAGE = [
  'lbaas-manage migrate                       apply the pending database migrations (under a lock)',
  'lbaas-manage downgrade <migration>         revert the newest migration, named (one step; for a rollback)',
  'lbaas-manage check-config                  load and validate the configuration, print it (secrets hidden)',
  'lbaas-manage agents                        list agents, alive or dead, with the load balancers each hosts',
  'lbaas-manage reschedule <loadbalancer-id>  move a load balancer to another alive agent (as PUT …/failover)',
  'lbaas-manage purge [--older-than-hours N]  forget agents dead for N hours (default 24) that host nothing',
  'lbaas-manage seal-secrets                  encrypt the stored secrets still in clear with [certificates] encryption_key',
  'lbaas-manage unseal-secrets                decrypt every stored secret back to clear (before changing or dropping the key)',
  'lbaas-manage agent-broker-user <host>      print the rabbitmqctl commands that give that agent a broker user of its own',
].join('\n');

export function checkConfig(config: ServerConfig): void {
  console.log(JSON.stringify(describeConfig(config), null, 2));
  console.log('configuration is valid');
}

/** Runs `work` with the server's services but without serving HTTP or consuming RPC. */
async function withServices(
  config: ServerConfig,
  work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<void>,
): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  try {
    await work(app);
  } finally {
    await app.close();
  }
}

export function listAgents(config: ServerConfig): Promise<void> {
  return withServices(config, async (app) => {
    const lbs = await app
      .get(DataSource)
      .getRepository(LoadBalancerEntity)
      .find({ order: { id: 'ASC' } });
    const agents = await app.get(AgentsService).list({});
    if (agents.length === 0) console.log('no agents have reported');
    for (const agent of agents) {
      const hosted = lbs.filter((lb) => lb.agentId === agent.id);
      console.log(
        `${agent.host}  ${agent.alive ? 'alive' : 'DEAD'}  ${agent.admin_state_up ? 'enabled' : 'disabled'}  ` +
          `id=${agent.id}  last heartbeat ${agent.heartbeat_timestamp}  load balancers: ${hosted.length}`,
      );
      for (const lb of hosted) console.log(`    ${lb.id}  ${lb.vipAddress}  ${lb.provisioningStatus}`);
    }
    const unbound = lbs.filter((lb) => lb.agentId === null && lb.provider === 'haproxy');
    for (const lb of unbound) console.log(`(no agent)  ${lb.id}  ${lb.vipAddress}  ${lb.provisioningStatus}`);
  });
}

export function reschedule(config: ServerConfig, loadBalancerId: string | undefined): Promise<void> {
  if (!loadBalancerId) throw new UsageError('reschedule needs a load balancer id');
  return withServices(config, async (app) => {
    await app.get(FailoverService).failoverOnRequest(new Caller('admin', ['admin']), loadBalancerId);
    const lb = await app
      .get(DataSource)
      .getRepository(LoadBalancerEntity)
      .findOneByOrFail({ id: loadBalancerId });
    const agent = lb.agentId ? await app.get(AgentsService).get(lb.agentId) : undefined;
    console.log(`load balancer ${lb.id} now on ${agent?.host ?? '(no agent)'}, ${lb.provisioningStatus}`);
  });
}

export function purge(config: ServerConfig, argv: string[]): Promise<void> {
  const flag = argv.indexOf('--older-than-hours');
  const hours = flag >= 0 ? Number(argv[flag + 1]) : 24;
  if (!Number.isFinite(hours) || hours < 0)
    throw new UsageError('--older-than-hours needs a number of hours');
  return withServices(config, async (app) => {
    const agents = app.get(AgentsService);
    const dataSource = app.get(DataSource);
    const hosting = new Set(
      [
        ...(await dataSource.getRepository(LoadBalancerEntity).find({ select: { agentId: true } })),
        ...(await dataSource.getRepository(LoadBalancerInstanceEntity).find({ select: { agentId: true } })),
      ].map((row) => row.agentId),
    );
    const cutoff = Date.now() - hours * 3600_000;
    let purged = 0;
    for (const agent of await agents.list({ alive: false })) {
      const lastSeen = new Date(`${agent.heartbeat_timestamp.replace(' ', 'T')}Z`).getTime();
      if (hosting.has(agent.id) || lastSeen > cutoff) continue;
      await agents.delete(agent.id);
      console.log(`forgot agent ${agent.host} (${agent.id}), last heartbeat ${agent.heartbeat_timestamp}`);
      purged++;
    }
    // Load balancers and their children are deleted outright (no soft-deleted rows to purge).
    console.log(`${purged} agent(s) purged`);
  });
}

/** seal-secrets / unseal-secrets: every stored secret payload encrypted with the configured key, or back in clear. */
export function resealSecrets(config: ServerConfig, mode: 'seal' | 'unseal'): Promise<void> {
  if (!config.certificatesEncryptionKey)
    throw new UsageError(`${mode}-secrets needs [certificates] encryption_key`);
  return withServices(config, async (app) => {
    const changed = await app.get(CertificatesService).reseal(mode);
    console.log(`${changed} secret(s) ${mode === 'seal' ? 'encrypted' : 'decrypted'}`);
  });
}

/**
 * The commands that give agent `host` its own broker user (require_agent_broker_users), with a fresh
 * password, for the operator to run on a broker node: printed, not run (the server holds no broker
 * admin rights).
 */
export function agentBrokerUser(config: ServerConfig, host: string | undefined): void {
  if (!host || !HOST_NAME_PATTERN.test(host))
    throw new UsageError('agent-broker-user needs an agent host name');
  const password = randomBytes(24).toString('base64url');
  const vhost = transportVhost(config.transportUrl);
  for (const args of agentBrokerUserCommands(host, vhost, password))
    console.log(['rabbitmqctl', ...args].map((arg) => `'${arg}'`).join(' '));
  console.log(
    `# then on ${host}, in lbaas_agent.ini: transport_url = rabbit://${agentBrokerUserName(host)}:${password}@<broker>:5672/${encodeURIComponent(vhost)}`,
  );
}
