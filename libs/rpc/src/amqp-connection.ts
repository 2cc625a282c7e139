import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import amqp, {
  type AmqpConnectionManager,
  type ChannelWrapper,
  type CreateChannelOpts,
} from 'amqp-connection-manager';
import type { Channel } from 'amqplib';
import { readFileSync } from 'node:fs';
import { reconnectDelayMs } from './backoff';
import { brokerUrls, redactUrl } from './transport-url';

/** AMQP's reply code for a queue that does not exist. */
const NOT_FOUND = 404;

/** Longest a connection attempt (TCP connect plus AMQP handshake) may take before it is retried. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

export interface AmqpConnectionOptions {
  /** oslo's `transport_url`: rabbit:// or amqp://, one host or a comma-separated list of a cluster's. */
  url: string;
  /** Shown in the broker's connection list, e.g. `lbaas-agent@network-1`. */
  connectionName: string;
  /** TLS to the broker (oslo's [oslo_messaging_rabbit] ssl and its files); absent: plain AMQP. */
  tls?: BrokerTls;
}

/** TLS to the broker: its certificate is verified (chain and host name); a client certificate optional. */
export interface BrokerTls {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

/** The config's broker TLS settings, as the connection takes them (undefined: plain AMQP). */
export function brokerTls(config: {
  rabbitSsl: boolean;
  rabbitSslCaFile?: string;
  rabbitSslCertFile?: string;
  rabbitSslKeyFile?: string;
}): BrokerTls | undefined {
  if (!config.rabbitSsl) return undefined;
  return {
    caFile: config.rabbitSslCaFile,
    certFile: config.rabbitSslCertFile,
    keyFile: config.rabbitSslKeyFile,
  };
}

/** amqplib's socket options for TLS: the files read once, verification always on. */
function tlsSocketOptions(tls: BrokerTls): Record<string, unknown> {
  const read = (file: string | undefined) => (file ? readFileSync(file) : undefined);
  return { ca: read(tls.caFile), cert: read(tls.certFile), key: read(tls.keyFile), rejectUnauthorized: true };
}

/**
 * The one broker connection of a process. It reconnects by itself, trying each broker of the
 * transport_url in turn, with exponential backoff; channels created here re-declare their topology
 * and consumers after every reconnect.
 */
export class AmqpConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(AmqpConnection.name);
  readonly manager: AmqpConnectionManager;
  private failedAttempts = 0;
  private readonly closers: (() => Promise<void>)[] = [];

  /**
   * The broker user this process connects as (the first broker's): every message it publishes names it in
   * `user_id`, which RabbitMQ checks, so a receiver knows who sent it.
   */
  readonly userName: string;

  constructor(options: AmqpConnectionOptions) {
    const urls = brokerUrls(options.url).map((url) => (options.tls ? url.replace(/^amqp:/, 'amqps:') : url));
    this.userName = decodeURIComponent(new URL(urls[0]).username) || 'guest';
    this.manager = amqp.connect([], {
      heartbeatIntervalInSeconds: 5,
      reconnectTimeInSeconds: 0.1,
      // Called before every connection attempt: the place to wait out the backoff.
      findServers: async () => {
        const delay = reconnectDelayMs(this.failedAttempts);
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        return urls;
      },
      connectionOptions: {
        clientProperties: { connection_name: options.connectionName },
        // A broker that is still booting accepts the TCP connection but may never finish the AMQP
        // handshake; without a limit the attempt waits forever and the process never reconnects.
        timeout: HANDSHAKE_TIMEOUT_MS,
        ...(options.tls ? tlsSocketOptions(options.tls) : {}),
      },
    });
    this.manager.on('connect', ({ url }) => {
      this.failedAttempts = 0;
      this.logger.log(
        { broker: typeof url === 'string' ? redactUrl(url) : 'amqp' },
        'connected to the message broker',
      );
    });
    this.manager.on('disconnect', ({ err }) => {
      this.logger.warn({ err: err?.message }, 'disconnected from the message broker; reconnecting');
    });
    this.manager.on('connectFailed', ({ err }) => {
      this.failedAttempts++;
      if (this.failedAttempts === 1 || this.failedAttempts % 10 === 0) {
        this.logger.warn(
          { err: err?.message, attempts: this.failedAttempts },
          'cannot reach the message broker',
        );
      }
    });
  }

  isConnected(): boolean {
    return this.manager.isConnected();
  }

  createChannel(options: CreateChannelOpts): ChannelWrapper {
    const channel = this.manager.createChannel(options);
    // A channel closed while it was being set up (a shutdown right after start, a broker restart) is
    // reported as an 'error' event; unheard, Node would end the process. The wrapper sets it up again.
    channel.on('error', (error: Error) =>
      this.logger.warn({ err: error.message, channel: options.name }, 'channel setup failed'),
    );
    return channel;
  }

  /**
   * How many consumers each queue has now, by passive declares on a channel of their own. A queue the
   * broker does not find is left out (unknown: its home node may be down). Undefined while the broker
   * cannot be asked: nothing can be told then.
   */
  async consumerCounts(queues: string[], timeoutMs = 2000): Promise<Map<string, number> | undefined> {
    let timer: NodeJS.Timeout | undefined;
    // A broker that does not answer must not hold the caller (the failover sweep) for good.
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        this.logger.warn({ timeout_ms: timeoutMs }, 'the broker did not say how many consumers queues have');
        resolve(undefined);
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.countConsumers(queues), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async countConsumers(queues: string[]): Promise<Map<string, number> | undefined> {
    const connection = this.manager.connection;
    if (!connection || !this.isConnected()) return undefined;
    const counts = new Map<string, number>();
    let channel: Channel | undefined;
    try {
      for (const queue of queues) {
        if (!channel) {
          channel = await connection.createChannel();
          // The broker closes the channel on a missing queue; the rejected call says so, not an event.
          channel.on('error', () => undefined);
        }
        try {
          counts.set(queue, (await channel.checkQueue(queue)).consumerCount);
        } catch (error) {
          if ((error as { code?: number }).code !== NOT_FOUND) throw error;
          channel = undefined;
        }
      }
      return counts;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'could not check queue consumers');
      return undefined;
    } finally {
      await channel?.close().catch(() => undefined);
    }
  }

  /** Registers work to finish before the connection closes (a client failing its calls and closing its channel). */
  beforeClose(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  /**
   * The last step of a shutdown, after Nest stopped the HTTP server and the RPC consumer (so work in
   * flight could still send): the clients close their channels, then the connection goes. Closing a
   * channel while its connection closes under it can wait forever for the broker's answer.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.closers.map((close) => close()));
    await this.manager.close();
  }
}
