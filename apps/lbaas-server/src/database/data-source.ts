import type { DataSourceOptions } from 'typeorm';
import { AgentEntity } from '../agents/agent.entity';
import { NetworkEntity } from '../networking/network.entity';
import { IpAllocationEntity, PortEntity } from '../networking/port.entity';
import { SubnetEntity } from '../networking/subnet.entity';
import { CreateAgents1763750000000 } from './migrations/1763750000000-CreateAgents';
import { CreateNetworking1763760000000 } from './migrations/1763760000000-CreateNetworking';

/** Every entity and migration of the server; the app and the `migrate` command share this list. */
export function dataSourceOptions(url: string, logging = false): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [AgentEntity, NetworkEntity, SubnetEntity, PortEntity, IpAllocationEntity],
    migrations: [CreateAgents1763750000000, CreateNetworking1763760000000],
    migrationsTableName: 'migrations',
    // Schema changes only ever come from migrations.
    synchronize: false,
    migrationsRun: false,
    logging,
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}
