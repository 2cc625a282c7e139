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
