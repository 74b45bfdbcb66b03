import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { isDatabaseUnavailable } from '../database/database-errors';
import { DomainError } from './domain-error';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
  correlationId: string;
}

/** Errors raised by body-parser before a route runs (malformed JSON, body too large, bad charset). */
interface ParserError {
  type: string;
  status: number;
  expose?: boolean;
}

function isParserError(e: unknown): e is ParserError {
  return typeof e === 'object' && e !== null && typeof (e as ParserError).type === 'string' && typeof (e as ParserError).status === 'number';
}

const PARSER_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON',
  'entity.too.large': 'The request body is larger than 1 MB',
  'encoding.unsupported': 'The request body has an unsupported encoding',
  'charset.unsupported': 'The request body has an unsupported charset',
};

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
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const correlationId = String(req.id ?? '');
    const body = this.toBody(exception, correlationId);
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) {
      res.setHeader('Retry-After', '1');
      this.logger.warn({ correlationId, err: { type: (exception as Error)?.name, message: (exception as Error)?.message } }, 'database unavailable');
    } else if (body.statusCode >= 500) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      // Only name, message and stack: driver errors carry query parameters, which may hold personal data.
      this.logger.error({ correlationId, err: { type: err.name, message: err.message, stack: err.stack } }, 'unhandled error');
    }
    if (exception instanceof DomainError) {
      for (const [name, value] of Object.entries(exception.headers)) res.setHeader(name, value);
    }
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, correlationId: string): ErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, error: reason(exception.status), message: exception.message, code: exception.code, correlationId };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
        return { statusCode: status, error: reason(status), message: PARSER_MESSAGES['entity.too.large'], correlationId };
      }
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : ((response as { message?: string | string[] }).message ?? exception.message);
      return { statusCode: status, error: reason(status), message, correlationId };
    }
    if (isParserError(exception) && exception.status >= 400 && exception.status < 500) {
      const message = PARSER_MESSAGES[exception.type] ?? 'The request body could not be read';
      return { statusCode: exception.status, error: reason(exception.status), message, correlationId };
    }
    if (isDatabaseUnavailable(exception)) {
      const status = HttpStatus.SERVICE_UNAVAILABLE;
      return { statusCode: status, error: reason(status), message: 'The database is not available right now; nothing was saved, please retry', code: 'DATABASE_UNAVAILABLE', correlationId };
    }
    const status = HttpStatus.INTERNAL_SERVER_ERROR;
    return { statusCode: status, error: reason(status), message: 'Internal server error', correlationId };
  }
}

function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
