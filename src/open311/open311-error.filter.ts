import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../common/database-errors';
import { DomainError } from '../common/domain-error';
import { CONTENT_TYPES, formatOf, render } from './open311-format';

/**
 * Errors as GeoReport v2 gives them — `[{code, description}]`, or `<errors><error>…` for `.xml` — with
 * the HTTP status the spec names (403 for a missing or wrong api_key, 404 for what does not exist, 400
 * for any other request that cannot be fulfilled). Never a stack, never the request's data.
 */
@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const res = host.switchToHttp().getResponse<FastifyReply>();
    const format = formatOf(req.url);
    let status: number;
    let descriptions: string[];
    if (exception instanceof DomainError) {
      status = exception.status;
      descriptions = [exception.message];
      for (const [name, value] of Object.entries(exception.headers)) res.header(name, value);
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: string | string[] }).message ?? exception.message);
      descriptions = [message].flat();
    } else if (isDatabaseUnavailable(exception)) {
      status = HttpStatus.SERVICE_UNAVAILABLE;
      descriptions = ['The service is not available right now; nothing was saved, please retry'];
      res.header('Retry-After', '1');
    } else {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
      descriptions = ['Internal server error'];
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ correlationId: String(req.id ?? ''), err: { type: err.name, message: err.message, stack: err.stack } }, 'unhandled error');
    }
    if (res.sent) return;
    res
      .status(status)
      .type(CONTENT_TYPES[format])
      .send(render(format, 'errors', descriptions.map((description) => ({ code: status, description }))));
  }
}
