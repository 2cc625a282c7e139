import { EventEmitter } from 'node:events';

const order: string[] = [];
const connectCalls: { options: Record<string, any> }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
jest.mock('amqp-connection-manager', () => ({
  __esModule: true,
  default: {
    connect: (_urls: string[], options: Record<string, unknown>) =>
      connectCalls.push({ options }) &&
      Object.assign(new EventEmitter(), {
        close: () => {
          order.push('connection closed');
          return Promise.resolve();
        },
      }),
  },
}));

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AmqpConnection, brokerTls } from './amqp-connection';

describe('AmqpConnection shutdown', () => {
  it('lets every client close its channel before the connection closes', async () => {
    const connection = new AmqpConnection({ url: 'rabbit://u:p@mq:5672/v', connectionName: 'test' });
    connection.beforeClose(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push('client closed');
    });

    await connection.onApplicationShutdown();

    expect(order).toEqual(['client closed', 'connection closed']);
  });
});

describe('AmqpConnection over TLS', () => {
  it('speaks amqps to every broker of the list and verifies them against the configured CA', async () => {
    const caFile = join(mkdtempSync(join(tmpdir(), 'lbaas-amqp-tls-')), 'ca.pem');
    writeFileSync(caFile, 'PEM');
    const tls = brokerTls({ rabbitSsl: true, rabbitSslCaFile: caFile });
    expect(tls).toEqual({ caFile, certFile: undefined, keyFile: undefined });
    expect(brokerTls({ rabbitSsl: false, rabbitSslCaFile: caFile })).toBeUndefined();
    new AmqpConnection({ url: 'rabbit://u:p@mq1:5671,mq2:5671/v', connectionName: 'tls', tls });
    const { options } = connectCalls[connectCalls.length - 1];
    expect(await options.findServers()).toEqual(['amqps://u:p@mq1:5671/v', 'amqps://u:p@mq2:5671/v']);
    expect(options.connectionOptions).toMatchObject({ rejectUnauthorized: true, ca: Buffer.from('PEM') });
  });
});

describe('AmqpConnection.consumerCounts', () => {
  /** A broker connection whose queues have these consumers; `hang` never answers. */
  function connected(consumers: Record<string, number>, hang = false) {
    const connection = new AmqpConnection({ url: 'rabbit://u:p@mq:5672/v', connectionName: 'test' });
    const channels: { closed: boolean }[] = [];
    const model = {
      createChannel: () => {
        const channel = Object.assign(new EventEmitter(), {
          closed: false,
          checkQueue: (queue: string) =>
            hang
              ? new Promise(() => undefined)
              : queue in consumers
                ? Promise.resolve({ queue, messageCount: 0, consumerCount: consumers[queue] })
                : Promise.reject(Object.assign(new Error('NOT_FOUND'), { code: 404 })),
          close: () => {
            channel.closed = true;
            return Promise.resolve();
          },
        });
        channels.push(channel);
        return Promise.resolve(channel);
      },
    };
    Object.assign(connection.manager, { connection: model, isConnected: () => true });
    return { connection, channels };
  }

  it('counts the consumers of each queue; a missing queue is unknown and costs its channel', async () => {
    const { connection, channels } = connected({ a: 1, c: 0 });
    expect(await connection.consumerCounts(['a', 'b', 'c'])).toEqual(
      new Map([
        ['a', 1],
        ['c', 0],
      ]),
    );
    // The broker closes a channel on a missing queue: a new one serves the rest, and it is closed after.
    expect(channels).toHaveLength(2);
    expect(channels[1].closed).toBe(true);
  });

  it('tells nothing while the broker is away, or when it does not answer in time', async () => {
    const away = connected({ a: 1 }).connection;
    Object.assign(away.manager, { isConnected: () => false });
    expect(await away.consumerCounts(['a'])).toBeUndefined();
    expect(await connected({ a: 1 }, true).connection.consumerCounts(['a'], 50)).toBeUndefined();
  });
});
