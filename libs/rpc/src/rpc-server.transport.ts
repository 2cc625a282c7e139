import { Logger } from '@nestjs/common';
import { runWithRequestId } from '@lbaas/logging';
import { countRpc } from './rpc-metrics';
import { BaseRpcContext, type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';
import { lastValueFrom } from 'rxjs';
import { CONTROL_EXCHANGE } from '@lbaas/contracts';
import type { AmqpConnection } from './amqp-connection';
import { encode, MalformedMessageError, parseRequest, type RpcReply, type RpcRequest } from './envelope';

export interface RpcServerOptions {
  /** Durable queue this process consumes. */
  queue: string;
  /** Routing keys on the control exchange bound to the queue. */
  bindings: string[];
  /** A fanout exchange also bound to the queue (broadcasts to every agent). */
  fanoutExchange?: string;
  /** Extra queue arguments, e.g. `x-expires`. */
  queueArguments?: Record<string, unknown>;
  /** Messages in flight at once on this consumer. */
  prefetch: number;
  /**
   * Why a message must not be handled, given the broker user that sent it (`user_id`, vouched for by
   * RabbitMQ) and its arguments; undefined to handle it. A refused message is answered with a failure
   * and logged.
   */
  refuseSender?: (userId: string | undefined, args: unknown) => string | undefined;
}

/** Context handed to `@MessagePattern`/`@EventPattern` handlers: the whole request envelope. */
export class RpcMessageContext extends BaseRpcContext<[RpcRequest]> {
  get request(): RpcRequest {
    return this.args[0];
  }
}

function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof Error) return { code: error.name, message: error.message };
  if (error && typeof error === 'object' && 'message' in error) {
    // Nest's RPC exception filter turns thrown errors into `{ status, message }` objects.
    return { code: 'RemoteError', message: String(error.message) };
  }
  return { code: 'RemoteError', message: String(error) };
}

/**
 * A Nest microservice transport on our RabbitMQ topology: consumes one durable queue with manual acks,
 * dispatches on the envelope's `method` to `@MessagePattern`/`@EventPattern` handlers, replies when the
 * message asks for a reply, and acks only after the handler finished. Poison messages are logged and
 * dropped, never requeued.
 */
export class RpcServerTransport extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(RpcServerTransport.name);
  private channel?: ChannelWrapper;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly options: RpcServerOptions,
  ) {
    super();
  }

  listen(callback: () => void): void {
    this.channel = this.connection.createChannel({
      name: `rpc-server:${this.options.queue}`,
      confirm: false,
      // Re-run after every reconnect: topology and consumer come back by themselves.
      setup: async (channel: Channel) => {
        await channel.assertExchange(CONTROL_EXCHANGE, 'topic', { durable: true });
        await channel.assertQueue(this.options.queue, {
          durable: true,
          arguments: this.options.queueArguments,
        });
        for (const key of this.options.bindings)
          await channel.bindQueue(this.options.queue, CONTROL_EXCHANGE, key);
        if (this.options.fanoutExchange) {
          await channel.assertExchange(this.options.fanoutExchange, 'fanout', { durable: true });
          await channel.bindQueue(this.options.queue, this.options.fanoutExchange, '');
        }
        await channel.prefetch(this.options.prefetch);
        await channel.consume(this.options.queue, (message) => void this.onMessage(channel, message), {
          noAck: false,
        });
      },
    });
    // Listening must not wait for the broker: the process starts and serves (health says the broker is down).
    callback();
  }

  async close(): Promise<void> {
    await this.channel?.close();
  }

  on(): void {
    // Connection events are handled by AmqpConnection.
  }

  unwrap<T>(): T {
    return this.connection.manager as T;
  }

  private async onMessage(channel: Channel, message: ConsumeMessage | null): Promise<void> {
    if (!message) return; // consumer cancelled by the broker; setup re-consumes on reconnect
    let request: RpcRequest;
    try {
      request = parseRequest(message.content);
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      this.log.warn({ queue: this.options.queue, reason: error.message }, 'dropping a malformed message');
      this.ack(channel, message);
      return;
    }
    const userId = message.properties.userId as string | undefined;
    const refusal = this.options.refuseSender?.(userId, request.args);
    if (refusal)
      this.log.warn({ method: request.method, user_id: userId ?? null, reason: refusal }, 'message refused');
    const reply: RpcReply = refusal
      ? { failure: { code: 'SenderRefused', message: refusal } }
      : await this.dispatch(request);
    if (message.properties.replyTo) {
      try {
        channel.sendToQueue(message.properties.replyTo as string, encode(reply), {
          correlationId: message.properties.correlationId as string,
          contentType: 'application/json',
        });
      } catch (error) {
        this.log.warn({ method: request.method, err: (error as Error).message }, 'could not send the reply');
      }
    }
    this.ack(channel, message);
  }

  private async dispatch(request: RpcRequest): Promise<RpcReply> {
    const handler = this.getHandlerByPattern(request.method);
    if (!handler) {
      this.log.warn(
        { method: request.method, queue: this.options.queue },
        'no handler for this method; dropped',
      );
      return { failure: { code: 'UnknownMethod', message: `unknown method ${request.method}` } };
    }
    try {
      // The API call's request id stays current through the handler, for its log lines and RPC calls.
      const outcome: unknown = await countRpc(request.method, 'handled', () =>
        runWithRequestId(
          request.request_id,
          async () => (await handler(request.args, new RpcMessageContext([request]))) as unknown,
        ),
      );
      const result: unknown = await lastValueFrom(this.transformToObservable(outcome), {
        defaultValue: null,
      });
      return { result: result ?? null };
    } catch (error) {
      const failure = failureOf(error);
      this.log.warn(
        { method: request.method, request_id: request.request_id, ...failure },
        'RPC handler failed',
      );
      return { failure };
    }
  }

  private ack(channel: Channel, message: ConsumeMessage): void {
    try {
      channel.ack(message);
    } catch {
      // The channel closed under us: the broker redelivers the message on the new one.
    }
  }
}
