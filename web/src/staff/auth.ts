import { useSyncExternalStore } from 'react';
import type { User } from '../shared/types';
import { getSession, onSessionChange, type Session } from './session';

const subscribe = (onChange: () => void) => onSessionChange(onChange);

/** The current session (null when signed out), re-rendering on sign-in and sign-out. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, getSession);
}

/** The signed-in user, for components that only render inside the signed-in console. */
export function useUser(): User {
  const session = useSession();
  if (!session) throw new Error('useUser outside a session');
  return session.user;
}
