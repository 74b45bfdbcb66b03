import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import { Clock } from '../common/clock';
import { CaseEventRelay } from './case-event-relay';
import type { ResumeAckDto } from './dto/live-messages.dto';
import { LiveEventsRepository } from './live-events.repository';
import {
  audienceOf,
  type CaseEventMessage,
  type CommittedEvent,
  type DepartmentDirectory,
  type LivePrincipal,
  reaches,
  replayScopeOf,
  roomOf,
  toCaseEventMessage,
} from './live-scope';

export const CASE_EVENT = 'case.event';
export const RESYNC = 'resync';

/** `resume` replays at most this many events, and none older than REPLAY_MAX_AGE_MS; beyond: `resync`. */
export const REPLAY_MAX_EVENTS = 10_000;
export const REPLAY_MAX_AGE_MS = 24 * 3_600_000;
const REPLAY_PAGE = 1000;

/** What a `resume` answers when the client asks for an acknowledgement. */
export type ResumeAck = ResumeAckDto;

/** A socket catching up: out of its room, its live events held back until the replay is out. */
interface Resumption {
  socket: Socket;
  principal: LivePrincipal;
  room: string;
  afterSeq: number;
  replayed: number;
  replayDone: boolean;
  held: CaseEventMessage[];
  finish: (ack: ResumeAck) => void;
}

export const principalOf = (socket: Socket): LivePrincipal => socket.data.principal as LivePrincipal;

const isSeq = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * Turns the relay's committed events into `case.event` messages for the sockets in scope, and brings a
 * resuming socket up to date: it replays from the table up to what the relay has published, while live
 * events for that socket are held back, then sends the held ones it has not replayed and puts the
 * socket back in its room — in `seq` order, without a gap or a duplicate.
 */
@Injectable()
export class LiveFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveFeed.name);
  private namespace: Namespace | null = null;
  private readonly resuming = new Map<string, Resumption>();
  private readonly expiries = new Map<string, NodeJS.Timeout>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly relay: CaseEventRelay,
    private readonly events: LiveEventsRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.relay.subscribe((events, directory) => this.publish(events, directory));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    for (const timer of this.expiries.values()) clearTimeout(timer);
    this.expiries.clear();
  }

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  /** A socket that passed the handshake: live at once, or after a replay when it sent `afterSeq` there. */
  connected(socket: Socket): void {
    const principal = principalOf(socket);
    if (principal.kind === 'staff') {
      // The token's shift ends: so does the socket.
      const timer = setTimeout(() => socket.disconnect(true), Math.max(0, principal.expiresAt.getTime() - this.clock.now().getTime()));
      timer.unref();
      this.expiries.set(socket.id, timer);
    }
    const afterSeq = (socket.handshake.auth as Record<string, unknown> | undefined)?.afterSeq;
    if (afterSeq !== undefined) void this.resume(socket, afterSeq);
    else void socket.join(roomOf(principal));
  }

  disconnected(socket: Socket): void {
    clearTimeout(this.expiries.get(socket.id));
    this.expiries.delete(socket.id);
    const resumption = this.resuming.get(socket.id);
    if (resumption) {
      this.resuming.delete(socket.id);
      resumption.finish({ replayed: resumption.replayed, resync: false });
    }
  }

  /** Replays every event in scope after `afterSeq`, in order, then goes on live. */
  async resume(socket: Socket, afterSeq: unknown): Promise<ResumeAck> {
    const principal = principalOf(socket);
    const room = roomOf(principal);
    const previous = this.resuming.get(socket.id);
    let finish!: (ack: ResumeAck) => void;
    const done = new Promise<ResumeAck>((resolve) => (finish = resolve));
    const r: Resumption = { socket, principal, room, afterSeq: 0, replayed: 0, replayDone: false, held: [], finish };
    // From here on, live events for this socket are held back; everything up to `upTo` comes from the table.
    void socket.leave(room);
    this.resuming.set(socket.id, r);
    previous?.finish({ replayed: previous.replayed, resync: false });
    const upTo = this.relay.lastSeq;

    if (!isSeq(afterSeq)) return this.resync(r, done);
    r.afterSeq = afterSeq;
    try {
      if (!(await this.withinWindow(afterSeq, upTo))) return this.resync(r, done);
      const directory = await this.events.directory();
      const scope = replayScopeOf(principal, directory);
      for (let cursor = afterSeq; cursor < upTo; ) {
        const page = await this.events.replayPage(scope, cursor, upTo, REPLAY_PAGE);
        if (!this.isCurrent(r)) return done;
        for (const event of page) {
          if (!reaches(event, directory, principal)) continue;
          socket.emit(CASE_EVENT, toCaseEventMessage(event, directory));
          r.replayed++;
        }
        if (page.length < REPLAY_PAGE) break;
        cursor = page[page.length - 1].seq;
      }
    } catch (error) {
      this.logger.error(error);
      if (this.isCurrent(r)) return this.resync(r, done);
      return done;
    }
    r.replayDone = true;
    // The client may already hold more than this instance has published (it came from a faster one):
    // then wait until the relay gets there, so that nothing it has is sent twice.
    if (this.relay.lastSeq >= r.afterSeq) this.goLive(r);
    return done;
  }

  private publish(events: CommittedEvent[], directory: DepartmentDirectory): void {
    for (const event of events) {
      const message = toCaseEventMessage(event, directory);
      const rooms = audienceOf(event, directory);
      this.namespace?.to(rooms).emit(CASE_EVENT, message);
      for (const r of this.resuming.values()) if (rooms.includes(r.room)) r.held.push(message);
    }
    for (const r of [...this.resuming.values()]) {
      if (!r.replayDone) continue;
      if (r.held.length > REPLAY_MAX_EVENTS) this.resync(r);
      else if (this.relay.lastSeq >= r.afterSeq) this.goLive(r);
    }
  }

  /** Whether what the client missed can be replayed: not too many events, none too old, none unknown. */
  private async withinWindow(afterSeq: number, upTo: number): Promise<boolean> {
    if (afterSeq >= upTo) return afterSeq <= (await this.events.maxSeq());
    if (upTo - afterSeq > REPLAY_MAX_EVENTS) return false;
    const firstMissed = await this.events.firstEventAfter(afterSeq);
    return firstMissed === null || this.clock.now().getTime() - firstMissed.getTime() <= REPLAY_MAX_AGE_MS;
  }

  private goLive(r: Resumption): void {
    if (!this.isCurrent(r)) return;
    this.resuming.delete(r.socket.id);
    for (const message of r.held) if (message.seq > r.afterSeq) r.socket.emit(CASE_EVENT, message);
    void r.socket.join(r.room);
    r.finish({ replayed: r.replayed, resync: false });
  }

  /** Tells the client to reload its lists, and goes on live from here. */
  private resync(r: Resumption, done?: Promise<ResumeAck>): Promise<ResumeAck> {
    if (this.isCurrent(r)) {
      this.resuming.delete(r.socket.id);
      r.socket.emit(RESYNC);
      void r.socket.join(r.room);
      r.finish({ replayed: r.replayed, resync: true });
    }
    return done ?? Promise.resolve({ replayed: r.replayed, resync: true });
  }

  private isCurrent(r: Resumption): boolean {
    return this.resuming.get(r.socket.id) === r && r.socket.connected;
  }
}
