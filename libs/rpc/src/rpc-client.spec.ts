import { EventEmitter } from 'node:events';
import type { AmqpConnection } from './amqp-connection';
import { RpcConnectionLostError, RpcTimeoutError } from './errors';
import { RpcClient } from './rpc-client';

/** A connection whose channel never gets the publish to the broker (the broker is away). */
function disconnectedBroker() {
  const manager = new EventEmitter();
  const publish = jest.fn(() => new Promise<boolean>(() => undefined));
  const connection = {
    manager,
    createChannel: () => ({ publish, close: () => Promise.resolve() }),
  } as unknown as AmqpConnection;
  return { connection, manager, publish };
}

describe('RpcClient.call while the broker is away', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  const settleEventLoop = () => new Promise((resolve) => setImmediate(resolve));

  it('rejects with a timeout, to the caller, when the publish is still queued', async () => {
    const { connection, publish } = disconnectedBroker();
    const client = new RpcClient(connection, 30_000);

    const call = client.call('topic', 'get_ready_loadbalancers', { host: 'a' }, { timeoutMs: 20 });
    await expect(call).rejects.toBeInstanceOf(RpcTimeoutError);
    await settleEventLoop();

    expect(publish).toHaveBeenCalledTimes(1);
    expect(unhandled).toEqual([]);
  });

  it('rejects pending calls when the connection drops, without an unhandled rejection', async () => {
    const { connection, manager } = disconnectedBroker();
    const client = new RpcClient(connection, 30_000);

    const call = client.call('topic', 'get_ready_loadbalancers', { host: 'a' }, { timeoutMs: 10_000 });
    manager.emit('disconnect', { err: new Error('gone') });
    await expect(call).rejects.toBeInstanceOf(RpcConnectionLostError);
    await settleEventLoop();

    expect(unhandled).toEqual([]);
  });
});
