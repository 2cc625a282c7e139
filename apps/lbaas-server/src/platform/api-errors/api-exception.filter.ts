import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';

/** neutron's names for the HTTP error kinds, used as `NeutronError.type` when no better one is given. */
const NEUTRON_ERROR_TYPES: Record<number, string> = {
  400: 'HTTPBadRequest',
  401: 'HTTPUnauthorized',
  403: 'HTTPForbidden',
  404: 'HTTPNotFound',
  405: 'HTTPMethodNotAllowed',
  409: 'HTTPConflict',
  413: 'HTTPRequestEntityTooLarge',
  415: 'HTTPUnsupportedMediaType',
  503: 'HTTPServiceUnavailable',
};

/** The error body both client families read: octaviaclient prints `faultstring`, neutronclient `NeutronError`. */
export interface ApiErrorBody {
  faultcode: 'Client' | 'Server';
  faultstring: string;
  debuginfo: null;
  NeutronError: { type: string; message: string; detail: string };
}

export function apiErrorBody(status: number, message: string, type?: string): ApiErrorBody {
  return {
    faultcode: status >= 500 ? 'Server' : 'Client',
    faultstring: message,
    debuginfo: null,
    NeutronError: { type: type ?? NEUTRON_ERROR_TYPES[status] ?? 'HTTPError', message, detail: '' },
  };
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const { message } = response as { message?: unknown };
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

/**
 * Errors of Express's body parser (body too large, bad charset…) carry their 4xx status and a message
 * meant for the client (`expose`).
 */
function bodyParserClientError(exception: unknown): { status: number; message: string } | undefined {
  const { status, expose, message } = (exception ?? {}) as {
    status?: unknown;
    expose?: unknown;
    message?: unknown;
  };
  if (typeof status !== 'number' || status < 400 || status >= 500 || expose !== true) return undefined;
  return { status, message: typeof message === 'string' ? message : 'Bad request' };
}

/** Every error answer of the API, in one shape. Anything unexpected is a logged 500 without internals. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const { type } = (typeof exception.getResponse() === 'object' ? exception.getResponse() : {}) as {
        type?: string;
      };
      response.status(status).json(apiErrorBody(status, messageOf(exception), type));
      return;
    }
    const clientError = bodyParserClientError(exception);
    if (clientError) {
      response.status(clientError.status).json(apiErrorBody(clientError.status, clientError.message));
      return;
    }
    this.logger.error({ err: exception }, 'unexpected error while handling a request');
    const status = HttpStatus.INTERNAL_SERVER_ERROR;
    response
      .status(status)
      .json(apiErrorBody(status, 'Internal server error; see the server log.', 'InternalServerError'));
  }
}
