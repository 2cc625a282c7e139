import { IsBoolean, IsInt, IsIP, Matches, Max, Min } from 'class-validator';
import { CommonConfig, Option } from '@lbaas/config';

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

  @Option({ help: 'Log every SQL statement (debugging only).', sections: ['database'] })
  @IsBoolean()
  debugSql: boolean = false;
}
