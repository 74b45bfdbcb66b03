import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from './error-codes';

export { ErrorCode };

/**
 * An expected failure the caller can act on. `code` is stable (clients may switch on it); `status` is
 * what the global filter answers with.
 */
export class DomainError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** The object does not exist, or the caller may not see it — deliberately indistinguishable. */
  static notFound(what = 'Case'): DomainError {
    return new DomainError(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static conflict(code: ErrorCode, message: string): DomainError {
    return new DomainError(HttpStatus.CONFLICT, code, message);
  }

  static forbidden(code: ErrorCode, message: string): DomainError {
    return new DomainError(HttpStatus.FORBIDDEN, code, message);
  }

  static invalid(code: ErrorCode, message: string): DomainError {
    return new DomainError(HttpStatus.BAD_REQUEST, code, message);
  }

  static unauthenticated(message: string): DomainError {
    return new DomainError(HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHENTICATED, message);
  }
}

/**
 * Why something may not happen now, as a guard or a policy answers it: a plain value, cheap to make
 * (listing `allowedActions` asks every guard of every verb for every case shown), turned into a
 * `DomainError` only when it is thrown.
 */
export class Refusal {
  constructor(
    readonly status: HttpStatus.CONFLICT | HttpStatus.FORBIDDEN,
    readonly code: ErrorCode,
    readonly message: string,
  ) {}

  static conflict(code: ErrorCode, message: string): Refusal {
    return new Refusal(HttpStatus.CONFLICT, code, message);
  }

  static forbidden(code: ErrorCode, message: string): Refusal {
    return new Refusal(HttpStatus.FORBIDDEN, code, message);
  }

  toError(): DomainError {
    return new DomainError(this.status, this.code, this.message);
  }
}

