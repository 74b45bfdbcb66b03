import { useEffect, useState } from 'react';

/** `value`, once it has stopped changing for `ms`: what the desk's panels look up while the operator types. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** A phone number as intake stores it (digits of a mainland mobile or a landline with area code), or null. */
export function normalizePhone(input: string | undefined): string | null {
  let digits = (input ?? '').replace(/[\s\-()（）]/g, '');
  if (!/^\+?\d+$/.test(digits)) return null;
  digits = digits.replace(/^(\+86|0086)/, '');
  if (/^86(1[3-9]\d{9})$/.test(digits)) digits = digits.slice(2);
  if (/^1[3-9]\d{9}$/.test(digits) || /^0[1-9]\d{8,10}$/.test(digits)) return digits;
  return null;
}
