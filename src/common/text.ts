import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Transform for a text field: the string without surrounding whitespace; anything else as it is (validation refuses it). */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * Characters as PostgreSQL counts them (code points). class-validator's own MaxLength does not count
 * variation selectors (U+FE0E, U+FE0F): a title of 200 characters and one selector would pass it and
 * then break the column's CHECK (length ≤ 200).
 */
export const charCount = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/** At most `max` characters, counted as PostgreSQL counts them; replaces class-validator's MaxLength. */
export function MaxLength(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxLength',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && charCount(value) <= max,
        defaultMessage: (args) => `${args?.property} must be at most ${max} characters`,
      },
    },
    options,
  );
}

/** YYYY-MM-DD, shape only; `isRealDate` says whether it is a real date. */
export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** Years a date of this system may fall in: enough history and future for any deadline, nothing PostgreSQL refuses. */
export const YEARS = { from: 1900, to: 2199 } as const;

/** A real calendar date (rejects 2026-02-30) within YEARS. */
export function isRealDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const year = Number(value.slice(0, 4));
  return year >= YEARS.from && year <= YEARS.to && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/** Validates a date field with `isRealDate`. */
export function IsRealDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRealDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isRealDate(value),
        defaultMessage: (args) => `${args?.property} must be a real date as YYYY-MM-DD between ${YEARS.from} and ${YEARS.to}`,
      },
    },
    options,
  );
}

/** An instant with its offset (`2026-12-01T09:00:00+08:00`, `…Z`) in YEARS: a time of day without a zone is ambiguous. */
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isInstant(value: string): boolean {
  return INSTANT_PATTERN.test(value) && isRealDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));
}

/** Validates a date-time field with `isInstant`. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isInstant(value),
        defaultMessage: (args) => `${args?.property} must be a date and time with its offset (e.g. 2026-12-01T09:00:00+08:00) between ${YEARS.from} and ${YEARS.to}`,
      },
    },
    options,
  );
}

/** The first path (e.g. `citizen.name`) of a string holding a NUL character, which PostgreSQL cannot store; null when none. */
export function nulCharacterAt(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'value' : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return path ? `${path}.${key.replace(/\u0000/g, '\\0')}` : 'a field name';
    const found = nulCharacterAt(item, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}
