import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * A mainland China phone number reduced to digits: a mobile (1[3-9] + 9 digits) or a landline with its
 * area code (0 + 2–3 digit area + 7–8 digit number). Accepts the forms people type: spaces, dashes,
 * brackets, a +86/0086 prefix. Returns null for anything else.
 */
export function normalizeChinesePhone(input: string): string | null {
  let digits = input.replace(/[\s\-()（）]/g, '');
  if (!/^\+?\d+$/.test(digits)) return null;
  digits = digits.replace(/^(\+86|0086)/, '');
  if (/^86(1[3-9]\d{9})$/.test(digits)) digits = digits.slice(2);
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  if (/^0[1-9]\d{8,10}$/.test(digits)) return digits;
  return null;
}

/** Validates a phone number with `normalizeChinesePhone`; pair it with a Transform that normalizes. */
export function IsChinesePhone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isChinesePhone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a mainland mobile (13812345678) or a landline with area code (0763-3362345)`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && normalizeChinesePhone(value) === value },
    });
}

/** Transform for a phone field: the normalized digits, or the raw value so that validation fails on it. */
export const toNormalizedPhone = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (normalizeChinesePhone(value) ?? value) : value;
