import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { requestIdLogFields } from './request-context';

export interface LoggingOptions {
  /** `lbaas-server` or `lbaas-agent`: on every line, so merged logs stay readable. */
  binary: string;
  host: string;
  level: string;
  /** JSON lines are also appended here when set. */
  logFile?: string;
}

/** Header carrying the request id, as OpenStack services name it. */
export const REQUEST_ID_HEADER = 'x-openstack-request-id';

function consoleStream(): pino.DestinationStream {
  // Pretty lines for a person at a terminal; JSON lines for files, pipes and log collectors.
  if (process.stdout.isTTY) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pretty = require('pino-pretty') as (options: object) => pino.DestinationStream;
      return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
    } catch {
      // pino-pretty is a development dependency; fall through to JSON.
    }
  }
  return pino.destination({ dest: 1, sync: false });
}

export function logStreams(options: LoggingOptions): pino.DestinationStream {
  const streams: pino.StreamEntry[] = [{ level: options.level as pino.Level, stream: consoleStream() }];
  if (options.logFile) {
    streams.push({
      level: options.level as pino.Level,
      stream: pino.destination({ dest: options.logFile, mkdir: true, sync: false }),
    });
  }
  return pino.multistream(streams);
}

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[REQUEST_ID_HEADER];
  // Accept a caller's id only when it looks like one, so free text never lands in our logs as an id.
  const id = typeof given === 'string' && /^req-[0-9a-f-]{36}$/.test(given) ? given : `req-${randomUUID()}`;
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** Structured (pino) logging for either app, with a request id on every HTTP request. */
export function loggingModule(options: LoggingOptions): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: [
      {
        level: options.level,
        base: { binary: options.binary, host: options.host, pid: process.pid },
        genReqId: requestId,
        mixin: requestIdLogFields,
        redact: ['req.headers["x-auth-token"]', 'req.headers.authorization'],
        customLogLevel: (_req, res, error) =>
          error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        autoLogging: { ignore: (req) => req.url === '/healthz' },
      },
      logStreams(options),
    ],
  });
}
