import { EventEmitter } from 'node:events';

const order: string[] = [];
jest.mock('amqp-connection-manager', () => ({
  __esModule: true,
  default: {
    connect: () =>
      Object.assign(new EventEmitter(), {
        close: () => {
          order.push('connection closed');
          return Promise.resolve();
        },
      }),
  },
}));

import { AmqpConnection } from './amqp-connection';

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
