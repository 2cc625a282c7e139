import type { DataSourceOptions } from 'typeorm';
import { AgentEntity } from '../agents/agent.entity';
import { CreateAgents1763750000000 } from './migrations/1763750000000-CreateAgents';

/** Every entity and migration of the server; the app and the `migrate` command share this list. */
export function dataSourceOptions(url: string, logging = false): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [AgentEntity],
    migrations: [CreateAgents1763750000000],
    migrationsTableName: 'migrations',
    // Schema changes only ever come from migrations.
    synchronize: false,
    migrationsRun: false,
    logging,
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}
