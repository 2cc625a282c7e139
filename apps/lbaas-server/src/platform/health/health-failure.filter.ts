import { type ArgumentsHost, Catch, type ExceptionFilter, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';

/**
 * Keeps terminus' own 503 body (which dependency is down, and why) instead of the API error shape:
 * monitoring reads `/healthz`, not the OpenStack clients.
 */
@Catch(ServiceUnavailableException)
export class HealthFailureFilter implements ExceptionFilter {
  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(exception.getStatus()).json(exception.getResponse());
  }
}
