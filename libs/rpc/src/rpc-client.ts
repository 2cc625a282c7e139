import { Logger } from '@nestjs/common';
import { currentRequestId } from '@lbaas/logging';
import { countRpc } from './rpc-metrics';
import type { ConsumeMessage, ConfirmChannel } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';
import { AGENT_FANOUT_EXCHANGE, CONTROL_EXCHANGE } from '@lbaas/contracts';
import type { AmqpConnection } from './amqp-connection';
import { encode, newRequest, parseReply, type RpcRequest } from './envelope';
import { RemoteError, RpcClientClosedError, RpcConnectionLostError, RpcTimeoutError } from './errors';
import { waitAtMost } from './wait-at-most';

const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';
/** Closing a channel whose connection went away can wait forever for the broker's answer. */
const CLOSE_TIMEOUT_MS = 2000;

interface PendingCall {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface CastOptions {
  /** Drop the message if nobody consumed it by then (e.g. heartbeats older than one interval). */
  expirationMs?: number;
  requestId?: string;
}

export interface CallOptions {
  timeoutMs?: number;
  requestId?: string;
}

/**
 * Sends casts (fire-and-forget, confirmed by the broker) and calls (request/reply over direct reply-to,
 * always with a timeout) on the control exchange.
 */
export class RpcClient {
  private readonly logger = new Logger(RpcClient.name);
  private readonly channel: ChannelWrapper;
  private readonly pending = new Map<string, PendingCall>();
  private closed = false;

  private readonly userId: string;

  constructor(
    connection: AmqpConnection,
    private readonly defaultTimeoutMs: number,
  ) {
    this.userId = connection.userName;
    this.channel = connection.createChannel({
      name: 'rpc-client',
      confirm: true,
      publishTimeout: defaultTimeoutMs,
      setup: async (channel: ConfirmChannel) => {
        await channel.assertExchange(CONTROL_EXCHANGE, 'topic', { durable: true });
        await channel.assertExchange(AGENT_FANOUT_EXCHANGE, 'fanout', { durable: true });
        // The reply consumer must be no-ack: RabbitMQ refuses acks on direct reply-to.
        await channel.consume(DIRECT_REPLY_TO, (message) => this.onReply(message), { noAck: true });
      },
    });
    // Replies are bound to the channel: once it drops, in-flight calls can never be answered.
    connection.manager.on('disconnect', () => this.failPendingCalls());
    // On shutdown nothing in flight can be answered any more: fail it then rather than at its timeout.
    connection.beforeClose(() => this.close());
  }

  /** Publishes `method(args)` to the queue bound to `routingKey`; resolves once the broker has it. */
  async cast(
    routingKey: string,
    method: string,
    args: Record<string, unknown>,
    options: CastOptions = {},
  ): Promise<void> {
    if (this.closed) throw new RpcClientClosedError(method);
    const request = newRequest(method, args, options.requestId ?? currentRequestId());
    await countRpc(method, 'cast', () =>
      this.channel.publish(CONTROL_EXCHANGE, routingKey, encode(request), {
        persistent: true,
        contentType: 'application/json',
        userId: this.userId,
        messageId: request.msg_id,
        expiration: options.expirationMs !== undefined ? String(options.expirationMs) : undefined,
      }),
    );
  }

  /** Publishes `method(args)` to every agent. */
  async fanoutCast(method: string, args: Record<string, unknown>, options: CastOptions = {}): Promise<void> {
    if (this.closed) throw new RpcClientClosedError(method);
    const request = newRequest(method, args, options.requestId ?? currentRequestId());
    await countRpc(method, 'fanout', () =>
      this.channel.publish(AGENT_FANOUT_EXCHANGE, '', encode(request), {
        contentType: 'application/json',
        userId: this.userId,
        messageId: request.msg_id,
        expiration: options.expirationMs !== undefined ? String(options.expirationMs) : undefined,
      }),
    );
  }

  /** Calls `method(args)` on whoever consumes `routingKey` and waits for the reply. */
  async call<T>(
    routingKey: string,
    method: string,
    args: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<T> {
    if (this.closed) throw new RpcClientClosedError(method);
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const request: RpcRequest = newRequest(method, args, options.requestId ?? currentRequestId());
    const reply = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(request.msg_id);
        reject(new RpcTimeoutError(method, timeoutMs));
      }, timeoutMs);
      this.pending.set(request.msg_id, { method, resolve, reject, timer });
    });
    // Not awaited: while the broker is away the publish waits in the channel's queue, and the reply's
    // timeout (or a lost connection) must still end the call, with someone listening to that rejection.
    this.channel
      .publish(CONTROL_EXCHANGE, routingKey, encode(request), {
        contentType: 'application/json',
        userId: this.userId,
        messageId: request.msg_id,
        correlationId: request.msg_id,
        replyTo: DIRECT_REPLY_TO,
        // A request nobody picked up before the caller gave up is worthless: let the broker drop it.
        expiration: String(timeoutMs),
        timeout: timeoutMs,
      })
      .catch((error: Error) => this.settle(request.msg_id)?.reject(error));
    return (await countRpc(method, 'call', () => reply)) as T;
  }

  /** Fails what is in flight, refuses new calls and closes the channel (bounded: it never hangs a stop). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failPendingCalls();
    await waitAtMost(
      this.channel
        .close()
        .catch((error: Error) => this.logger.debug({ err: error.message }, 'closing the RPC channel failed')),
      CLOSE_TIMEOUT_MS,
    );
  }

  private settle(msgId: string): PendingCall | undefined {
    const call = this.pending.get(msgId);
    if (!call) return undefined;
    clearTimeout(call.timer);
    this.pending.delete(msgId);
    return call;
  }

  private onReply(message: ConsumeMessage | null): void {
    if (!message) return;
    const call = this.settle(String(message.properties.correlationId));
    if (!call) return; // the caller already timed out
    try {
      const reply = parseReply(message.content);
      if ('failure' in reply) call.reject(new RemoteError(reply.failure.code, reply.failure.message));
      else call.resolve(reply.result);
    } catch (error) {
      call.reject(error as Error);
    }
  }

  private failPendingCalls(): void {
    for (const msgId of [...this.pending.keys()]) {
      const call = this.settle(msgId);
      if (call) {
        this.logger.warn({ method: call.method }, 'RPC call lost with the broker connection');
        call.reject(new RpcConnectionLostError(call.method));
      }
    }
  }
}
