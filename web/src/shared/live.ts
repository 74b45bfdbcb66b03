/**
 * The one connection to the `/live` namespace (socket.io), as CONTRACT.md "Live (socket.io)" describes
 * it: `case.event` messages after every committed change, `resume {afterSeq}` after a reconnect so the
 * server replays what was missed, and `resync` when that is too much to replay (reload the lists).
 */
import { io, type Socket } from 'socket.io-client';
import type { LiveAuthFields, LiveCaseEvent, LiveHotspot, ResumeAck, ResumeRequest } from './types';

/**
 * The messages of `/live`, each way. The payloads are the server's own declarations
 * (`CaseEventMessageDto`, `ResumeRequestDto`, `ResumeAckDto`, `LiveAuthDto`), from the OpenAPI
 * document's extra models.
 */
interface ServerToClient {
  'case.event': (event: LiveCaseEvent) => void;
  resync: () => void;
  'hotspot.detected': (hotspot: LiveHotspot) => void;
  'hotspot.updated': (hotspot: LiveHotspot) => void;
}
interface ClientToServer {
  resume: (body: ResumeRequest, ack: (answer: ResumeAck) => void) => void;
}

export type LiveState = 'connecting' | 'live' | 'offline' | 'refused';

export interface LiveHandlers {
  onEvent(event: LiveCaseEvent): void;
  /** Reload whatever is on screen: the server could not replay what this client missed. */
  onResync(): void;
  onState?(state: LiveState): void;
  /** A hotspot was detected, grew or ended (centre staff only; not replayed after a reconnect). */
  onHotspot?(hotspot: LiveHotspot): void;
}

export interface LiveConnection {
  close(): void;
}

/** Staff connect with `{token}`, a citizen with `{trackingCode, verify}`. */
export type LiveAuth = Required<Pick<LiveAuthFields, 'token'>> | Required<Pick<LiveAuthFields, 'trackingCode' | 'verify'>>;

/** After the server closes the socket, or its move onto a websocket fails midway, it knocks again at most this often. */
const KNOCK_AGAIN_AFTER_MS = 5_000;

export function connectLive(auth: LiveAuth, handlers: LiveHandlers): LiveConnection {
  // The highest `seq` this page has applied: sent with `resume` on every reconnect.
  let lastSeq: number | null = null;
  // While a `resume` is being answered, the server may send an event twice (once live, once in the
  // replay) and not in `seq` order: until its acknowledgement, accept each `seq` above `floor` once.
  let floor: number | null = null;
  const seen = new Set<number>();
  let connectedBefore = false;
  let lastKnock = 0;
  const socket: Socket<ServerToClient, ClientToServer> = io('/live', { auth, reconnectionDelayMax: 10_000 });
  handlers.onState?.('connecting');

  socket.on('connect', () => {
    handlers.onState?.('live');
    if (lastSeq !== null) {
      const resumeFrom = lastSeq;
      floor = resumeFrom;
      seen.clear();
      socket.emit('resume', { afterSeq: resumeFrom }, () => {
        if (floor !== resumeFrom) return; // a newer reconnect took over
        floor = null;
        seen.clear();
      });
    } else if (connectedBefore) {
      // Reconnected without having seen any event: nothing to resume from, so reload instead.
      handlers.onResync();
    }
    connectedBefore = true;
  });
  socket.on('case.event', (event) => {
    if (floor !== null) {
      if (event.seq <= floor || seen.has(event.seq)) return;
      seen.add(event.seq);
    } else if (lastSeq !== null && event.seq <= lastSeq) {
      return;
    }
    lastSeq = Math.max(lastSeq ?? 0, event.seq);
    handlers.onEvent(event);
  });
  socket.on('resync', () => handlers.onResync());
  socket.on('hotspot.detected', (hotspot) => handlers.onHotspot?.(hotspot));
  socket.on('hotspot.updated', (hotspot) => handlers.onHotspot?.(hotspot));
  socket.on('disconnect', (reason) => {
    handlers.onState?.('offline');
    if (reason !== 'io server disconnect') return; // socket.io reconnects by itself
    // The server closed it: the token's shift ended, or the account's access changed (deactivated,
    // another role or department). Knock once more — refused, or let in under the new access, whose
    // scope may differ, so reload the lists rather than resume — but not again within a few seconds.
    lastSeq = null;
    floor = null;
    seen.clear();
    if (Date.now() - lastKnock < KNOCK_AGAIN_AFTER_MS) return;
    lastKnock = Date.now();
    socket.connect();
  });
  socket.on('connect_error', () => {
    // `active` false: the server refused the credentials in its middleware and will not be retried.
    handlers.onState?.(socket.active ? 'offline' : 'refused');
  });
  // A connection stuck by a failed upgrade cannot be closed through its engine (which would wait for the
  // upgrade to end): let the socket go, which closes the manager's engine (`disconnect`: offline), and
  // connect anew, as after any cut — a handshake that fails goes on with socket.io's reconnection. Not
  // more often than every few seconds, should every websocket die that way (a proxy that drops them).
  let lastRedial = 0;
  let redial: ReturnType<typeof setTimeout> | undefined;
  const watchUpgrade = () =>
    whenUpgradeFailsMidway(socket.io.engine, () => {
      socket.disconnect();
      redial = setTimeout(
        () => {
          lastRedial = Date.now();
          socket.connect();
        },
        Math.max(0, lastRedial + KNOCK_AGAIN_AFTER_MS - Date.now()),
      );
    });
  socket.io.on('open', watchUpgrade);

  return {
    close() {
      clearTimeout(redial);
      socket.io.off('open', watchUpgrade);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}

/**
 * Every connection starts on long-polling and then moves to a websocket: the client probes the websocket
 * (`2probe` → `3probe`), pauses the polling transport (`upgrading`), and sends `5` on the websocket. If
 * the websocket dies between `upgrading` and that `5` — the network cut right after a (re)connect, a proxy
 * that drops websockets — engine.io-client (6.6, and its source upstream as it stands) gives the upgrade
 * up but never resumes the paused polling transport and leaves its `upgrading` flag set: nothing goes out
 * (not even the pong to the server's ping, nor a close), and the page would say `live` until the ping
 * timeout, 45 to 70 s later. `onFailed` is called then, to drop that connection and open a new one. A
 * websocket refused before its probe was answered (`upgradeError` without `upgrading`) leaves polling
 * running, and the connection is kept.
 */
function whenUpgradeFailsMidway(engine: Socket['io']['engine'], onFailed: () => void): void {
  let upgrading = false;
  engine.once('upgrading', () => {
    upgrading = true;
  });
  engine.once('upgradeError', () => {
    if (upgrading) onFailed();
  });
}
