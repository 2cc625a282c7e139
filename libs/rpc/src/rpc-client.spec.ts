import { EventEmitter } from 'node:events';
import type { AmqpConnection } from './amqp-connection';
import { RpcClientClosedError, RpcConnectionLostError, RpcTimeoutError } from './errors';
import { RpcClient } from './rpc-client';

/** A connection whose channel never gets the publish to the broker (the broker is away). */
function disconnectedBroker(close: () => Promise<void> = () => Promise.resolve()) {
  const manager = new EventEmitter();
  const publish = jest.fn(() => new Promise<boolean>(() => undefined));
  const connection = {
    manager,
    createChannel: () => ({ publish, close }),
    beforeClose: jest.fn(),
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

describe('RpcClient.close (shutdown)', () => {
  afterEach(() => jest.useRealTimers());

  it('fails calls in flight at once and refuses new ones without publishing them', async () => {
    const { connection, publish } = disconnectedBroker();
    const client = new RpcClient(connection, 30_000);
    const inFlight = client.call('topic', 'get_loadbalancer_graph', { loadbalancer_id: 'x' });

    await client.close();

    await expect(inFlight).rejects.toBeInstanceOf(RpcConnectionLostError);
    await expect(client.call('topic', 'update_status', {})).rejects.toBeInstanceOf(RpcClientClosedError);
    await expect(client.cast('topic', 'report_state', {})).rejects.toBeInstanceOf(RpcClientClosedError);
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('does not wait forever for a channel whose connection is gone', async () => {
    jest.useFakeTimers();
    const { connection } = disconnectedBroker(() => new Promise<void>(() => undefined));
    const client = new RpcClient(connection, 30_000);

    const closing = client.close();
    await jest.advanceTimersByTimeAsync(2000);

    await expect(closing).resolves.toBeUndefined();
  });
});
