import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: letters and digits that cannot be mistaken for each other when read over the phone. */
export const TRACKING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const TRACKING_CODE_LENGTH = 10; // 31^10 ≈ 2^49.5 random combinations

/** A random tracking code: not sequential, and nothing about one code tells anything about another. */
export function newTrackingCode(): string {
  let code = '';
  for (let i = 0; i < TRACKING_CODE_LENGTH; i++) code += TRACKING_CODE_ALPHABET[randomInt(TRACKING_CODE_ALPHABET.length)];
  return code;
}

/** Six random digits, given to the citizen at intake to look the case up without a phone on file. */
export function newQueryCode(): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}

/** What people type for a tracking code: any case, with spaces or dashes. */
export function normalizeTrackingCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}
