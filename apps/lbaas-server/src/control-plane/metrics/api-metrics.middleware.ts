import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram } from 'prom-client';

const apiRequests = new Counter({
  name: 'lbaas_api_requests_total',
  help: 'API requests by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
});

const apiLatency = new Histogram({
  name: 'lbaas_api_request_duration_seconds',
  help: 'API request latency by method and route pattern.',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

/** Counts and times every API request, labelled by its route pattern (never by ids or query text). */
@Injectable()
export class ApiMetricsMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const stop = apiLatency.startTimer();
    res.once('finish', () => {
      const route = req.route ? `${req.baseUrl}${(req.route as { path: string }).path}` : 'unmatched';
      apiRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      stop({ method: req.method, route });
    });
    next();
  }
}
