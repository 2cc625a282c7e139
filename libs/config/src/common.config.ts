import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Option } from './option.decorator';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** Options shared by both binaries. */
export class CommonConfig {
  @Option({
    help: 'Message broker URL (oslo transport_url; rabbit:// or amqp://). A RabbitMQ cluster: list its nodes, rabbit://user:password@host1:5672,user:password@host2:5672/vhost; they are tried in turn.',
    secret: true,
  })
  @Matches(/^(rabbit|amqp):\/\/(?:[^/?#,]*@)?[^/?#,@]+(?:,(?:[^/?#,]*@)?[^/?#,@]+)*(?:[/?#].*)?$/, {
    message:
      'transport_url must be rabbit:// or amqp:// followed by one or more comma-separated [user:password@]host[:port], then an optional /vhost',
  })
  transportUrl: string = 'rabbit://guest:guest@127.0.0.1:5672/';

  @Option({
    help: "Connect to RabbitMQ over TLS (oslo.messaging's [oslo_messaging_rabbit] ssl): the broker's certificate must chain to ssl_ca_file (else the system's CAs) and name the host of transport_url.",
    name: 'ssl',
    sections: ['oslo_messaging_rabbit'],
  })
  @IsBoolean()
  rabbitSsl: boolean = false;

  @Option({
    help: "CA bundle (PEM) the broker's certificate must chain to.",
    name: 'ssl_ca_file',
    sections: ['oslo_messaging_rabbit'],
  })
  @IsOptional()
  @IsString()
  rabbitSslCaFile?: string;

  @Option({
    help: 'Client certificate (PEM) shown to the broker, for brokers that ask for one.',
    name: 'ssl_cert_file',
    sections: ['oslo_messaging_rabbit'],
  })
  @IsOptional()
  @IsString()
  rabbitSslCertFile?: string;

  @Option({
    help: "The client certificate's private key (PEM).",
    name: 'ssl_key_file',
    sections: ['oslo_messaging_rabbit'],
  })
  @IsOptional()
  @IsString()
  rabbitSslKeyFile?: string;

  @Option({ help: 'Seconds to wait for the reply of an RPC call.' })
  @IsInt()
  @Min(1)
  @Max(3600)
  rpcResponseTimeout: number = 30;

  @Option({ help: 'Log level: trace, debug, info, warn, error or fatal.' })
  @IsIn(LOG_LEVELS, { message: `log_level must be one of ${LOG_LEVELS.join(', ')}` })
  logLevel: string = 'info';

  @Option({ help: 'Also append JSON log lines to this file.' })
  @IsOptional()
  @IsString()
  logFile?: string;
}
