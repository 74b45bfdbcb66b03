/**
 * The signed-in staff member: the one place that holds the token. It lives in sessionStorage, so it
 * is gone when the tab closes and is never shared with another tab's login; it ends at `expiresAt`
 * (the end of the shift) or at the first 401.
 */
import type { LoginResponse, User } from '../shared/types';

const KEY = 'hotline12345.session';

export interface Session {
  token: string;
  expiresAt: string;
  user: User;
}

export type SignOutReason = 'logout' | 'expired';

type Listener = (session: Session | null, reason?: SignOutReason) => void;

const listeners = new Set<Listener>();
let current: Session | null = read();
let expiryTimer: ReturnType<typeof setTimeout> | undefined;
let lastSignOut: SignOutReason | null = null;
scheduleExpiry();

function read(): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return stored && Date.parse(stored.expiresAt) > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

function scheduleExpiry(): void {
  clearTimeout(expiryTimer);
  if (!current) return;
  // setTimeout's limit is ~24.8 days; a shift is hours.
  const ms = Math.min(Date.parse(current.expiresAt) - Date.now(), 2 ** 31 - 1);
  expiryTimer = setTimeout(() => endSession('expired'), Math.max(ms, 0));
}

export function getSession(): Session | null {
  return current;
}

export function startSession(login: LoginResponse): Session {
  current = { token: login.accessToken, expiresAt: login.expiresAt, user: login.user };
  sessionStorage.setItem(KEY, JSON.stringify(current));
  scheduleExpiry();
  for (const l of listeners) l(current);
  return current;
}

/** Signs out: on request, or because the server no longer accepts the token (401). */
export function endSession(reason: SignOutReason): void {
  if (!current) return;
  current = null;
  lastSignOut = reason;
  sessionStorage.removeItem(KEY);
  clearTimeout(expiryTimer);
  for (const l of listeners) l(null, reason);
}

/** Why the last session ended, for the login form to say so ("登录已失效"). */
export function lastSignOutReason(): SignOutReason | null {
  return lastSignOut;
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
