import { RPC_CONTRACT_VERSION } from '@lbaas/contracts';
import { reconnectDelayMs } from './backoff';
import { encode, MalformedMessageError, newRequest, parseReply, parseRequest } from './envelope';

describe('RPC envelope', () => {
  it('round-trips a request with its method, args, version and ids', () => {
    const request = newRequest('deploy_loadbalancer', { loadbalancer_id: 'x' }, 'req-1');
    expect(parseRequest(encode(request))).toEqual({
      method: 'deploy_loadbalancer',
      args: { loadbalancer_id: 'x' },
      version: RPC_CONTRACT_VERSION,
      msg_id: request.msg_id,
      request_id: 'req-1',
    });
  });

  it('accepts a newer minor version of the contract', () => {
    const body = Buffer.from(JSON.stringify({ method: 'm', args: {}, version: '1.9', msg_id: 'a' }));
    expect(parseRequest(body).version).toBe('1.9');
  });

  it.each([
    ['not JSON', 'hello'],
    ['not an object', '42'],
    ['no method', JSON.stringify({ args: {}, version: '1.0', msg_id: 'a' })],
    ['args as a list', JSON.stringify({ method: 'm', args: [], version: '1.0', msg_id: 'a' })],
    ['another major version', JSON.stringify({ method: 'm', args: {}, version: '2.0', msg_id: 'a' })],
    ['no msg_id', JSON.stringify({ method: 'm', args: {}, version: '1.0' })],
  ])('treats a message with %s as poison', (_what, body) => {
    expect(() => parseRequest(Buffer.from(body))).toThrow(MalformedMessageError);
  });

  it('reads results and failures from replies', () => {
    expect(parseReply(encode({ result: [1, 2] }))).toEqual({ result: [1, 2] });
    expect(parseReply(encode({ failure: { code: 'NotFound', message: 'gone' } }))).toEqual({
      failure: { code: 'NotFound', message: 'gone' },
    });
  });
});

describe('reconnect backoff', () => {
  it('tries at once, then doubles up to the cap', () => {
    const noJitter = () => 0.5;
    expect([0, 1, 2, 3, 4, 10].map((attempt) => reconnectDelayMs(attempt, 500, 10_000, noJitter))).toEqual([
      0, 500, 1000, 2000, 4000, 10_000,
    ]);
  });

  it('spreads attempts by ±20 %', () => {
    expect(reconnectDelayMs(3, 500, 10_000, () => 0)).toBe(1600);
    expect(reconnectDelayMs(3, 500, 10_000, () => 1)).toBe(2400);
  });
});
