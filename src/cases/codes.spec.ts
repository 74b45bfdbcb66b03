import * as crypto from 'node:crypto';
import { newQueryCode, newTrackingCode, normalizeTrackingCode, TRACKING_CODE_ALPHABET, TRACKING_CODE_LENGTH } from './codes';

// The real randomInt, with a hook to force given draws in the tests that need exact output.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, randomInt: jest.fn((...args: Parameters<typeof actual.randomInt>) => actual.randomInt(...args)) };
});
const randomInt = crypto.randomInt as unknown as jest.Mock;

const LOOK_ALIKES = ['0', 'O', '1', 'I', 'L'];
const DRAWS = 1000;

/** A code read as a number in base 31 over the alphabet, to compare neighbours. */
const asNumber = (code: string) =>
  [...code].reduce((n, ch) => n * BigInt(TRACKING_CODE_ALPHABET.length) + BigInt(TRACKING_CODE_ALPHABET.indexOf(ch)), 0n);

describe('tracking code alphabet', () => {
  it('has 31 distinct upper-case letters and digits', () => {
    expect(TRACKING_CODE_ALPHABET).toMatch(/^[2-9A-Z]+$/);
    expect(new Set(TRACKING_CODE_ALPHABET).size).toBe(TRACKING_CODE_ALPHABET.length);
    expect(TRACKING_CODE_ALPHABET).toHaveLength(31);
  });

  it.each(LOOK_ALIKES)('leaves out the look-alike %s', (ch) => {
    expect(TRACKING_CODE_ALPHABET).not.toContain(ch);
  });

  it('carries at least 40 random bits in a code', () => {
    expect(TRACKING_CODE_LENGTH * Math.log2(TRACKING_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(40);
  });
});

describe('newTrackingCode', () => {
  const codes = Array.from({ length: DRAWS }, () => newTrackingCode());

  it('is 10 characters long', () => {
    expect(TRACKING_CODE_LENGTH).toBe(10);
    for (const code of codes) expect(code).toHaveLength(10);
  });

  it('uses only the alphabet (no 0, O, 1, I, L)', () => {
    for (const code of codes) {
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/);
      for (const ch of LOOK_ALIKES) expect(code).not.toContain(ch);
    }
  });

  it(`gives ${DRAWS} distinct codes in ${DRAWS} draws`, () => {
    expect(new Set(codes).size).toBe(DRAWS);
  });

  it('is not sequential: neighbours are not in order, nor a constant step apart', () => {
    const values = codes.map(asNumber);
    const ascending = values.slice(1).filter((v, i) => v > values[i]).length;
    // random draws go up about half the time; a counter (or a counter in disguise) always or never does
    expect(ascending).toBeGreaterThan(DRAWS * 0.4);
    expect(ascending).toBeLessThan(DRAWS * 0.6);
    const steps = new Set(values.slice(1).map((v, i) => v - values[i]));
    expect(steps.size).toBeGreaterThan(DRAWS * 0.99);
  });

  it('uses every character of the alphabet, in every position', () => {
    expect(new Set(codes.join(''))).toEqual(new Set(TRACKING_CODE_ALPHABET));
    for (let i = 0; i < TRACKING_CODE_LENGTH; i++) {
      // 1,000 draws over 31 characters: missing more than a few in one position would be astronomically rare
      expect(new Set(codes.map((c) => c[i])).size).toBeGreaterThanOrEqual(28);
    }
  });

  it.each<[string, number[], string]>([
    ['all first', Array(10).fill(0), '2222222222'],
    ['all last', Array(10).fill(30), 'ZZZZZZZZZZ'],
    ['0 to 9', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], '23456789AB'],
    ['around the gaps', [8, 9, 15, 16, 17, 18, 19, 20, 21, 22], 'ABHJKMNPQR'],
  ])('maps each draw to the alphabet character at that index (%s)', (_what, draws, expected) => {
    for (const draw of draws) randomInt.mockReturnValueOnce(draw);
    expect(newTrackingCode()).toBe(expected);
  });

  it('draws each character uniformly from the whole alphabet', () => {
    randomInt.mockClear();
    newTrackingCode();
    expect(randomInt).toHaveBeenCalledTimes(TRACKING_CODE_LENGTH);
    for (const call of randomInt.mock.calls) expect(call).toEqual([TRACKING_CODE_ALPHABET.length]);
  });
});

describe('newQueryCode', () => {
  const codes = Array.from({ length: DRAWS }, () => newQueryCode());

  it('is six digits', () => {
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
  });

  it('varies: 1,000 draws out of a million are almost all distinct', () => {
    // expected collisions ≈ 0.5; more than 10 means the draw is far from uniform
    expect(new Set(codes).size).toBeGreaterThan(DRAWS - 10);
  });

  it('draws from the whole range 000000–999999', () => {
    randomInt.mockClear();
    newQueryCode();
    expect(randomInt).toHaveBeenCalledWith(1_000_000);
  });

  it.each([
    [0, '000000'],
    [42, '000042'],
    [123456, '123456'],
    [999999, '999999'],
  ])('keeps leading zeros: draw %i → %s', (draw, expected) => {
    randomInt.mockReturnValueOnce(draw);
    expect(newQueryCode()).toBe(expected);
  });
});

describe('normalizeTrackingCode', () => {
  it.each([
    ['ABCD2345EF', 'ABCD2345EF'],
    ['abcd2345ef', 'ABCD2345EF'],
    ['AbCd2345eF', 'ABCD2345EF'],
    ['ABCD-2345-EF', 'ABCD2345EF'],
    ['abcd 2345 ef', 'ABCD2345EF'],
    ['  abcd2345ef\n', 'ABCD2345EF'],
    ['ab-cd 23\t45-ef', 'ABCD2345EF'],
    ['ABCD--2345  EF', 'ABCD2345EF'],
    ['', ''],
  ])('%j → %s', (input, expected) => {
    expect(normalizeTrackingCode(input)).toBe(expected);
  });

  it('turns a freshly drawn code, typed in lower case with dashes, back into itself', () => {
    const code = newTrackingCode();
    const typed = `${code.slice(0, 4)}-${code.slice(4, 7)} ${code.slice(7)}`.toLowerCase();
    expect(normalizeTrackingCode(typed)).toBe(code);
  });
});
