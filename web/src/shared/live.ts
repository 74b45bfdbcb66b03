/**
 * The one connection to the `/live` namespace (socket.io), as CONTRACT.md "Live (socket.io)" describes
 * it: `case.event` messages after every committed change, `resume {afterSeq}` after a reconnect so the
 * server replays what was missed, and `resync` when that is too much to replay (reload the lists).
 */
import { io, type Socket } from 'socket.io-client';
import type { LiveCaseEvent } from './types';

export type LiveState = 'connecting' | 'live' | 'offline' | 'refused';

export interface LiveHandlers {
  onEvent(event: LiveCaseEvent): void;
  /** Reload whatever is on screen: the server could not replay what this client missed. */
  onResync(): void;
  onState?(state: LiveState): void;
}

export interface LiveConnection {
  close(): void;
}

/** Staff connect with `{token}`, a citizen with `{trackingCode, verify}`. */
export type LiveAuth = { token: string } | { trackingCode: string; verify: string };

export function connectLive(auth: LiveAuth, handlers: LiveHandlers): LiveConnection {
  // The last `seq` this page has seen: sent with `resume` on every reconnect, and used to drop a
  // message seen twice.
  let lastSeq: number | null = null;
  let connectedBefore = false;
  const socket: Socket = io('/live', { auth, reconnectionDelayMax: 10_000 });
  handlers.onState?.('connecting');

  socket.on('connect', () => {
    handlers.onState?.('live');
    if (lastSeq !== null) {
      socket.emit('resume', { afterSeq: lastSeq });
    } else if (connectedBefore) {
      // Reconnected without having seen any event: nothing to resume from, so reload instead.
      handlers.onResync();
    }
    connectedBefore = true;
  });
  socket.on('case.event', (event: LiveCaseEvent) => {
    if (lastSeq !== null && event.seq <= lastSeq) return;
    lastSeq = event.seq;
    handlers.onEvent(event);
  });
  socket.on('resync', () => handlers.onResync());
  socket.on('disconnect', () => handlers.onState?.('offline'));
  socket.on('connect_error', () => {
    // `active` false: the server refused the credentials in its middleware and will not be retried.
    handlers.onState?.(socket.active ? 'offline' : 'refused');
  });

  return {
    close() {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
