import { timingSafeEqual } from 'node:crypto';
import type { Case } from './case.entity';

/** `13812345678` → `138****5678`; shorter numbers keep only their last four digits. */
export function maskPhone(phone: string): string {
  return phone.length >= 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : `****${phone.slice(-4)}`;
}

/** `zhang.san@example.com` → `z***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`;
}

export interface CitizenView {
  name: string | null;
  phone: string | null;
  email: string | null;
  confidential: boolean;
}

/**
 * The citizen's details as a viewer may see them — the one place where personal data is masked.
 * The centre (operators, supervisors, admins) calls citizens back and sees everything; departments see
 * the phone and email masked, and nothing at all when the case is confidential (保密).
 */
export function citizenFor(c: Case, fullAccess: boolean): CitizenView {
  if (fullAccess) {
    return { name: c.citizenName, phone: c.citizenPhone, email: c.citizenEmail, confidential: c.confidential };
  }
  if (c.confidential) return { name: null, phone: null, email: null, confidential: true };
  return {
    name: c.citizenName,
    phone: c.citizenPhone && maskPhone(c.citizenPhone),
    email: c.citizenEmail && maskEmail(c.citizenEmail),
    confidential: false,
  };
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Whether `verify` is the last four digits of the case's phone or its six-digit query code. */
export function verifies(c: Pick<Case, 'citizenPhone' | 'queryCode'>, verify: string): boolean {
  if (verify.length === 6) return sameText(c.queryCode, verify);
  return verify.length === 4 && c.citizenPhone !== null && sameText(c.citizenPhone.slice(-4), verify);
}
