import { DomainError } from '../common/domain-error';
import { decodeCursor, encodeCursor } from './cursor';

const ID = '3f2b8c1e-9d4a-4b7e-8f10-2a6c5d9e0b71';
const asCursor = (json: string) => Buffer.from(json).toString('base64url');

function decodeError(cursor: string): DomainError {
  try {
    decodeCursor(cursor);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error(`decodeCursor accepted ${JSON.stringify(cursor)}`);
}

describe('encodeCursor / decodeCursor', () => {
  it.each([
    ['2026-03-05T02:00:00.000Z', ID],
    ['2026-03-05T02:00:00.123Z', ID], // milliseconds survive
    ['1970-01-01T00:00:00.000Z', '00000000-0000-0000-0000-000000000000'],
    ['2099-12-31T23:59:59.999Z', 'ffffffff-ffff-4fff-bfff-ffffffffffff'],
    ['2026-03-05T02:00:00.000Z', '3F2B8C1E-9D4A-4B7E-8F10-2A6C5D9E0B71'], // upper-case uuid
  ])('round-trips %s / %s', (key, id) => {
    const keyset = { key: new Date(key), id };
    const decoded = decodeCursor(encodeCursor(keyset));
    expect(decoded.id).toBe(id);
    expect(decoded.key).toBeInstanceOf(Date);
    expect(decoded.key.toISOString()).toBe(key);
  });

  it('is URL-safe and opaque', () => {
    const cursor = encodeCursor({ key: new Date('2026-03-05T02:00:00.123Z'), id: ID });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(ID);
  });

  it('gives different cursors for different keysets', () => {
    const a = encodeCursor({ key: new Date('2026-03-05T02:00:00.000Z'), id: ID });
    const b = encodeCursor({ key: new Date('2026-03-05T02:00:00.001Z'), id: ID });
    const c = encodeCursor({ key: new Date('2026-03-05T02:00:00.000Z'), id: ID.replace('3f', '4f') });
    expect(new Set([a, b, c]).size).toBe(3);
  });

  describe('rejects anything that is not a cursor with a 400 INVALID_CURSOR', () => {
    it.each([
      ['empty', ''],
      ['garbage', 'not a cursor!'],
      ['base64 of non-JSON', asCursor('hello')],
      ['truncated cursor', encodeCursor({ key: new Date('2026-03-05T02:00:00Z'), id: ID }).slice(0, 20)],
      ['JSON null', asCursor('null')],
      ['JSON number', asCursor('42')],
      ['JSON string', asCursor('"2026-03-05T02:00:00.000Z"')],
      ['JSON object', asCursor(JSON.stringify({ key: '2026-03-05T02:00:00.000Z', id: ID }))],
      ['empty array', asCursor('[]')],
      ['only a date', asCursor(JSON.stringify(['2026-03-05T02:00:00.000Z']))],
      ['swapped', asCursor(JSON.stringify([ID, '2026-03-05T02:00:00.000Z']))],
      ['not a date', asCursor(JSON.stringify(['yesterday', ID]))],
      ['an impossible date', asCursor(JSON.stringify(['2026-13-45T00:00:00.000Z', ID]))],
      ['a numeric id', asCursor(JSON.stringify(['2026-03-05T02:00:00.000Z', 42]))],
      ['a non-uuid id', asCursor(JSON.stringify(['2026-03-05T02:00:00.000Z', 'abc']))],
      ['an SQL injection id', asCursor(JSON.stringify(['2026-03-05T02:00:00.000Z', "' OR 1=1 --"]))],
      ['a uuid without dashes', asCursor(JSON.stringify(['2026-03-05T02:00:00.000Z', ID.replace(/-/g, '')]))],
      ['a uuid with a trailing newline', asCursor(JSON.stringify(['2026-03-05T02:00:00.000Z', `${ID}\n`]))],
      ['a uuid with a non-hex digit', asCursor(JSON.stringify(['2026-03-05T02:00:00.000Z', ID.replace('3f', '3g')]))],
      ['a uuid inside braces', asCursor(JSON.stringify(['2026-03-05T02:00:00.000Z', `{${ID}}`]))],
    ])('%s', (_what, cursor) => {
      const error = decodeError(cursor);
      expect(error).toBeInstanceOf(DomainError);
      expect(error.status).toBe(400);
      expect(error.code).toBe('INVALID_CURSOR');
    });

    // KNOWN BUG (reported, not fixed here): decodeCursor checks `id` is a string but not `key`, and
    // `new Date(x)` turns null, 0, true, numbers and one-element arrays into valid dates, so these
    // malformed cursors decode (e.g. [null, id] → 1970-01-01) instead of answering 400.
    // `it.failing` passes while the bug is there; once fixed, it fails: drop `.failing` then.
    it.each([
      ['a null date', asCursor(JSON.stringify([null, ID]))],
      ['a numeric date', asCursor(JSON.stringify([0, ID]))],
      ['a boolean date', asCursor(JSON.stringify([true, ID]))],
      ['a date in an array', asCursor(JSON.stringify([['2026-03-05T02:00:00.000Z'], ID]))],
    ])('%s (key that is not a string)', (_what, cursor) => {
      const error = decodeError(cursor);
      expect(error).toBeInstanceOf(DomainError);
      expect(error.status).toBe(400);
    });
  });
});
