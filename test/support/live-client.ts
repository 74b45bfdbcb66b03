import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { CaseEventRelay } from '../../src/live/case-event-relay';
import type { ResumeAck } from '../../src/live/live-feed.service';
import type { CaseEventMessage } from '../../src/live/live-scope';
import type { HotspotMessageDto } from '../../src/hotspots/dto/hotspot.dto';
import type { TestApp } from '../setup/test-app';

/** Makes the app listen on a free port and returns its base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** `forwardedFor`: the client address the handshake claims through the (trusted, loopback) proxy. */
const open = (baseUrl: string, auth: Record<string, unknown>, forwardedFor?: string): Socket =>
  io(`${baseUrl}/live`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 5000,
    ...(forwardedFor ? { extraHeaders: { 'X-Forwarded-For': forwardedFor } } : {}),
  });

/** A real socket.io client on `/live` that records every `case.event` it receives, in order. */
export class LiveClient {
  readonly events: CaseEventMessage[] = [];
  /** `hotspot.detected` and `hotspot.updated`, in order of arrival. */
  readonly hotspots: HotspotMessageDto[] = [];
  resyncs = 0;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: Socket) {
    socket.on('case.event', (message: CaseEventMessage) => {
      this.events.push(message);
      for (const check of [...this.waiters]) check();
    });
    for (const type of ['hotspot.detected', 'hotspot.updated']) {
      socket.on(type, (message: HotspotMessageDto) => {
        this.hotspots.push(message);
        for (const check of [...this.waiters]) check();
      });
    }
    socket.on('resync', () => {
      this.resyncs++;
      for (const check of [...this.waiters]) check();
    });
  }

  /** Connects; rejects with the `connect_error` when the server refuses. */
  static connect(baseUrl: string, auth: Record<string, unknown>, forwardedFor?: string): Promise<LiveClient> {
    const socket = open(baseUrl, auth, forwardedFor);
    const client = new LiveClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(client));
      socket.once('connect_error', (error) => {
        socket.close();
        reject(error);
      });
    });
  }

  /** The `connect_error` the server answers these credentials with (fails if it lets them in). */
  static async refusal(baseUrl: string, auth: Record<string, unknown>, forwardedFor?: string): Promise<Error> {
    const socket = open(baseUrl, auth, forwardedFor);
    try {
      return await new Promise<Error>((resolve, reject) => {
        socket.once('connect', () => reject(new Error('connected, but should have been refused')));
        socket.once('connect_error', resolve);
      });
    } finally {
      socket.close();
    }
  }

  of(caseId: string): CaseEventMessage[] {
    return this.events.filter((e) => e.caseId === caseId);
  }

  /** Waits until `done()` holds, re-checked on each message; fails after `timeoutMs`. */
  until(done: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; received ${JSON.stringify(this.events.slice(-5))}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** The first `type` event of `caseId`, waiting for it if needed. */
  async next(caseId: string, type: string, timeoutMs?: number): Promise<CaseEventMessage> {
    const find = () => this.events.find((e) => e.caseId === caseId && e.type === type);
    await this.until(() => find() !== undefined, `${type} of ${caseId}`, timeoutMs);
    return find()!;
  }

  resume(afterSeq: unknown): Promise<ResumeAck> {
    return this.socket.timeout(10_000).emitWithAck('resume', { afterSeq });
  }

  close(): void {
    this.socket.close();
  }
}

/** Seqs strictly rising, each once. */
export function strictlyIncreasing(events: CaseEventMessage[]): boolean {
  return events.every((e, i) => i === 0 || e.seq > events[i - 1].seq);
}

/**
 * Waits until the app's relay has published every event committed so far, so that a client connecting
 * next receives only what happens after it connects.
 */
export async function settled(t: TestApp, timeoutMs = 10_000): Promise<void> {
  const [{ seq }] = await t.dataSource.query(`SELECT coalesce(max(seq), 0)::int AS seq FROM case_events`);
  const relay = t.app.get(CaseEventRelay);
  const deadline = Date.now() + timeoutMs;
  while (relay.lastSeq < seq) {
    if (Date.now() > deadline) throw new Error(`the relay is still at ${relay.lastSeq}, not ${seq}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
