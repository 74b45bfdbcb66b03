import { DomainError, ErrorCode } from '../common/domain-error';
import type { Keyset } from './cases.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An opaque page cursor: the keyset of the last row, base64url-encoded. */
export function encodeCursor(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.key.toISOString(), keyset.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Keyset {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const date = typeof key === 'string' ? new Date(key) : null;
    if (date && !Number.isNaN(date.getTime()) && typeof id === 'string' && UUID.test(id)) return { key: date, id };
  } catch {
    // fall through to the 400 below
  }
  throw DomainError.invalid(ErrorCode.INVALID_CURSOR, 'cursor is not a cursor returned by this API');
}
