import { randomUUID } from 'node:crypto';
import { RPC_CONTRACT_VERSION } from '@lbaas/contracts';

/** What travels in every request message body (oslo.messaging style). */
export interface RpcRequest {
  method: string;
  args: Record<string, unknown>;
  version: string;
  msg_id: string;
  /** Request id of the API call that caused this message, for log correlation. */
  request_id?: string;
}

export interface RpcFailure {
  code: string;
  message: string;
}

/** Body of a reply: exactly one of result or failure. */
export type RpcReply = { result: unknown } | { failure: RpcFailure };

export class MalformedMessageError extends Error {}

export function newRequest(method: string, args: Record<string, unknown>, requestId?: string): RpcRequest {
  return { method, args, version: RPC_CONTRACT_VERSION, msg_id: randomUUID(), request_id: requestId };
}

function majorOf(version: string): string {
  return version.split('.')[0];
}

/** Parses and checks a request body; a message that fails here is poison and is dropped, not retried. */
export function parseRequest(body: Buffer): RpcRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new MalformedMessageError('message body is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object')
    throw new MalformedMessageError('message body is not an object');
  const { method, args, version, msg_id: msgId, request_id: requestId } = parsed as Record<string, unknown>;
  if (typeof method !== 'string' || method === '')
    throw new MalformedMessageError('method must be a non-empty string');
  if (args === null || typeof args !== 'object' || Array.isArray(args))
    throw new MalformedMessageError('args must be an object');
  if (typeof version !== 'string') throw new MalformedMessageError('version must be a string');
  if (majorOf(version) !== majorOf(RPC_CONTRACT_VERSION))
    throw new MalformedMessageError(`version ${version} is not compatible with ${RPC_CONTRACT_VERSION}`);
  if (typeof msgId !== 'string') throw new MalformedMessageError('msg_id must be a string');
  return {
    method,
    args: args as Record<string, unknown>,
    version,
    msg_id: msgId,
    request_id: typeof requestId === 'string' ? requestId : undefined,
  };
}

export function parseReply(body: Buffer): RpcReply {
  const parsed = JSON.parse(body.toString('utf8')) as Partial<{ result: unknown; failure: RpcFailure }>;
  if (parsed.failure && typeof parsed.failure.message === 'string') {
    return {
      failure: { code: String(parsed.failure.code ?? 'RemoteError'), message: parsed.failure.message },
    };
  }
  return { result: parsed.result ?? null };
}

export function encode(body: RpcRequest | RpcReply): Buffer {
  return Buffer.from(JSON.stringify(body), 'utf8');
}
