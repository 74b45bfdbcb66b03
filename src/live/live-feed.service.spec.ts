import type { Namespace, Socket } from 'socket.io';
import type { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { DepartmentTree } from '../departments/department-tree';
import type { CaseEventRelay, RelayListener } from './case-event-relay';
import type { LiveEventsRepository } from './live-events.repository';
import { LiveFeed, REPLAY_MAX_EVENTS } from './live-feed.service';
import type { CommittedEvent, DepartmentDirectory, LivePrincipal } from './live-scope';

const NOW = new Date('2025-12-01T02:00:00Z');
const directory: DepartmentDirectory = new DepartmentTree([{ id: 'd1', code: 'd1', name: '单位一', parentId: null, active: true }]);
const event = (seq: number, toOwnerDepartmentId: string | null = 'd1'): CommittedEvent => ({
  seq,
  type: 'case.dispatched',
  caseId: `case-${seq}`,
  trackingCode: 'K7RM4XQ2PA',
  at: NOW,
  toStatus: 'dispatched',
  fromOwnerDepartmentId: null,
  toOwnerDepartmentId,
  public: true,
  coDepartmentIds: [],
});

/** Just enough of socket.io: rooms, and what each socket was sent, in order. */
class FakeSockets {
  readonly rooms = new Map<string, Set<FakeSocket>>();
  readonly namespace = {
    to: (rooms: string[]) => ({
      emit: (name: string, message: { seq: number }) => {
        const sockets = new Set(rooms.flatMap((r) => [...(this.rooms.get(r) ?? [])]));
        for (const s of sockets) s.sent.push([name, message.seq]);
      },
    }),
  } as unknown as Namespace;

  socket(principal: LivePrincipal): FakeSocket {
    return new FakeSocket(this, principal);
  }
}

class FakeSocket {
  readonly sent: [string, number | undefined][] = [];
  readonly id = Math.random().toString(36);
  readonly handshake = { auth: {} };
  readonly data: { principal: LivePrincipal };
  connected = true;

  constructor(
    private readonly sockets: FakeSockets,
    principal: LivePrincipal,
  ) {
    this.data = { principal };
  }
  emit(name: string, message?: { seq: number }) {
    this.sent.push([name, message?.seq]);
    return true;
  }
  join(room: string) {
    this.sockets.rooms.set(room, (this.sockets.rooms.get(room) ?? new Set()).add(this));
  }
  leave(room: string) {
    this.sockets.rooms.get(room)?.delete(this);
  }
  get seqs() {
    return this.sent.filter(([name]) => name === 'case.event').map(([, seq]) => seq);
  }
}

function setUp(lastSeq: number) {
  let listener!: RelayListener;
  const relay = {
    lastSeq,
    subscribe: (l: RelayListener) => ((listener = l), () => undefined),
  };
  let releaseReplay!: () => void;
  const replayGate = new Promise<void>((resolve) => (releaseReplay = resolve));
  const table: CommittedEvent[] = [];
  const events = {
    directory: async () => directory,
    maxSeq: async () => Math.max(relay.lastSeq, ...table.map((e) => e.seq)),
    firstEventAfter: async () => NOW,
    replayPage: async (_scope: unknown, after: number, upTo: number) => {
      await replayGate;
      return table.filter((e) => e.seq > after && e.seq <= upTo);
    },
  };
  const clock = { now: () => NOW } as Clock;
  const feed = new LiveFeed(relay as unknown as CaseEventRelay, events as unknown as LiveEventsRepository, clock);
  feed.onModuleInit();
  const sockets = new FakeSockets();
  feed.attach(sockets.namespace);
  /** The relay publishing (and advancing past) these events. */
  const publish = (...batch: CommittedEvent[]) => {
    relay.lastSeq = batch[batch.length - 1].seq;
    listener(batch, directory);
  };
  const handler: LivePrincipal = {
    kind: 'staff',
    user: { id: 'u1', role: 'handler', departmentId: 'd1' } as AuthUser,
    expiresAt: new Date(NOW.getTime() + 3_600_000),
    tokenVersion: 1,
  };
  const connect = () => {
    const socket = sockets.socket(handler);
    feed.connected(socket as unknown as Socket);
    return socket;
  };
  return { feed, relay, table, publish, releaseReplay, connect };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('LiveFeed: resume replays, then goes on live, without a gap or a duplicate', () => {
  it('holds back what is published during the replay and sends it after, in order', async () => {
    const { feed, table, publish, releaseReplay, connect } = setUp(10);
    table.push(...[6, 7, 8, 9, 10].map((seq) => event(seq)), event(8.5, 'elsewhere'));
    const socket = connect();

    const ack = feed.resume(socket as unknown as Socket, 5);
    await flush();
    publish(event(11), event(12, 'elsewhere'), event(13)); // while the replay is still reading
    expect(socket.seqs).toEqual([]);
    releaseReplay();
    expect(await ack).toEqual({ replayed: 5, resync: false });
    publish(event(14));

    expect(socket.seqs).toEqual([6, 7, 8, 9, 10, 11, 13, 14]);
  });

  it('waits for the relay when the client already holds more than it has published', async () => {
    const { feed, publish, releaseReplay, connect, table } = setUp(10);
    table.push(event(11), event(12));
    releaseReplay();
    const socket = connect();

    const ack = feed.resume(socket as unknown as Socket, 12); // it came from a faster instance
    await flush();
    publish(event(11), event(12));
    expect(await ack).toEqual({ replayed: 0, resync: false });
    publish(event(13));

    expect(socket.seqs).toEqual([13]);
  });

  it('answers resync beyond the replay window, and goes on live', async () => {
    const { feed, publish, connect } = setUp(REPLAY_MAX_EVENTS + 100);
    const socket = connect();

    expect(await feed.resume(socket as unknown as Socket, 50)).toEqual({ replayed: 0, resync: true });
    publish(event(REPLAY_MAX_EVENTS + 101));

    expect(socket.sent).toEqual([
      ['resync', undefined],
      ['case.event', REPLAY_MAX_EVENTS + 101],
    ]);
  });

  it('lets a newer resume replace one still replaying', async () => {
    const { feed, table, releaseReplay, connect } = setUp(10);
    table.push(...[6, 7, 8, 9, 10].map((seq) => event(seq)));
    const socket = connect();

    const first = feed.resume(socket as unknown as Socket, 5);
    const second = feed.resume(socket as unknown as Socket, 8);
    releaseReplay();
    await Promise.all([first, second]);

    expect(socket.seqs).toEqual([9, 10]);
  });
});
