import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { isDatabaseUnavailable } from './database-errors';
import { DomainError, ErrorCode } from './domain-error';
import { MULTIPART_MESSAGES } from './uploads';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: ErrorCode;
  correlationId: string;
}

/** What Fastify says, in its own words, about a request it refuses before a route runs. */
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than 1 MB',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request body has a content type this API does not read (send application/json)',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty',
};

/** The Fastify error an HttpException was made from (Nest maps them), if any. */
function frameworkCode(exception: HttpException): string | undefined {
  const cause = (exception as { cause?: unknown }).cause;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The one place that turns any error into the contract's JSON shape
 * `{statusCode, error, message, correlationId}`. Expected errors keep their status; anything else is a
 * plain 500 whose details go to the log only (never to the client, never with query parameters).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const res = ctx.getResponse<FastifyReply>();
    const correlationId = String(req.id ?? '');
    const body = this.toBody(exception, correlationId);
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) {
      res.header('Retry-After', '1');
      this.logger.warn({ correlationId, err: { type: (exception as Error)?.name, message: (exception as Error)?.message } }, 'database unavailable');
    } else if (body.statusCode >= 500) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      // Only name, message and stack: driver errors carry query parameters, which may hold personal data.
      this.logger.error({ correlationId, err: { type: err.name, message: err.message, stack: err.stack } }, 'unhandled error');
    }
    if (exception instanceof DomainError) {
      for (const [name, value] of Object.entries(exception.headers)) res.header(name, value);
    }
    if (res.sent) return;
    res.status(body.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
  }

  private toBody(exception: unknown, correlationId: string): ErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, error: reason(exception.status), message: exception.message, code: exception.code, correlationId };
    }
    // The multipart plugin's refusals come as they are, or wrapped by Nest in an HttpException.
    const ownCode = (exception as { code?: unknown })?.code;
    const multipart = MULTIPART_MESSAGES[String(ownCode ?? (exception instanceof HttpException ? frameworkCode(exception) : ''))];
    if (multipart) {
      return { statusCode: multipart.status, error: reason(multipart.status), message: multipart.message, code: multipart.code, correlationId };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const framework = FRAMEWORK_MESSAGES[frameworkCode(exception) ?? ''];
      if (framework) return { statusCode: status, error: reason(status), message: framework, correlationId };
      const response = exception.getResponse();
      const code = status === HttpStatus.TOO_MANY_REQUESTS ? ErrorCode.RATE_LIMITED : undefined;
      const message =
        typeof response === 'string'
          ? response
          : ((response as { message?: string | string[] }).message ?? exception.message);
      return { statusCode: status, error: reason(status), message, ...(code ? { code } : {}), correlationId };
    }
    if (isDatabaseUnavailable(exception)) {
      const status = HttpStatus.SERVICE_UNAVAILABLE;
      return { statusCode: status, error: reason(status), message: 'The database is not available right now; nothing was saved, please retry', code: ErrorCode.DATABASE_UNAVAILABLE, correlationId };
    }
    const status = HttpStatus.INTERNAL_SERVER_ERROR;
    return { statusCode: status, error: reason(status), message: 'Internal server error', correlationId };
  }
}

function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
