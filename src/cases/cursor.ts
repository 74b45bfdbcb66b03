import { DomainError, ErrorCode } from '../common/domain-error';
import { YEARS } from '../common/text';
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
    // Only instants this API could have written: a forged one before 4713 BC would break the query.
    const year = date?.getUTCFullYear() ?? NaN;
    if (date && year >= YEARS.from && year <= YEARS.to && typeof id === 'string' && UUID.test(id)) return { key: date, id };
  } catch {
    // fall through to the 400 below
  }
  throw DomainError.invalid(ErrorCode.INVALID_CURSOR, 'cursor is not a cursor returned by this API');
}
