import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '../common/domain-error';

const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

/** The optional `Idempotency-Key` header: 1–255 visible ASCII characters (a UUID is typical). */
export const IdempotencyKeyHeader = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw DomainError.invalid(ErrorCode.INVALID_IDEMPOTENCY_KEY, 'Send one Idempotency-Key');
  if (!VALID_KEY.test(value)) {
    throw DomainError.invalid(ErrorCode.INVALID_IDEMPOTENCY_KEY, 'Idempotency-Key must be 1–255 visible ASCII characters');
  }
  return value;
});
