import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The request id of the API call being served, carried through async work: into RPC messages the server
 * sends, and on the agent around the handling of a message that carried one. Log lines pick it up
 * (`request_id`), so one id leads from the API call to the agent's lines for that deploy.
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs `work` with `requestId` as the current request id (or as is, without one). */
export function runWithRequestId<T>(requestId: string | undefined, work: () => T): T {
  return requestId ? storage.run({ requestId }, work) : work();
}

/** Extra fields of every log line: the current request id, when there is one. */
export function requestIdLogFields(): { request_id?: string } {
  const requestId = currentRequestId();
  return requestId ? { request_id: requestId } : {};
}

/** Makes the HTTP request's id (given by the logger's genReqId) current for the rest of the request. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: IncomingMessage & { id?: unknown }, res: ServerResponse, next: () => void): void {
    const id = typeof req.id === 'string' ? req.id : res.getHeader('x-openstack-request-id');
    runWithRequestId(typeof id === 'string' ? id : undefined, next);
  }
}
