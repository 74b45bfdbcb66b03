import { Inject, Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { clientAddressResolver } from '../common/client-address';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { Public } from '../auth/auth.decorators';
import { HotspotFeed } from './hotspot-feed.service';
import { LiveAccessWatcher } from './live-access.watcher';
import { LiveAuthError, LiveAuthService } from './live-auth.service';
import { LiveFeed, type ResumeAck } from './live-feed.service';
import type { LivePrincipal } from './live-scope';

/**
 * The `/live` namespace: server → client `case.event`, `resync`, `hotspot.detected` and `hotspot.updated`;
 * client → server `resume`.
 * Credentials are checked in the namespace middleware, so a bad or expired one is a `connect_error`
 * — the client is never told it is connected.
 *
 * Memory per socket is kept small (2,000 sockets are the benchmark's): `resume` is one listener function
 * shared by every socket rather than a `@SubscribeMessage` handler, for which Nest builds an RxJS
 * pipeline per socket (about fifty closures and subscribers, ~6 KB each), and the handshake's HTTP
 * request is let go once the socket is in (engine.io would keep it for the socket's life).
 */
@WebSocketGateway({ namespace: '/live' })
// Not for the HTTP guards (they would look for a bearer header): every socket here passed the middleware.
@Public()
export class LiveGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<Socket>, OnGatewayDisconnect<Socket> {
  private readonly logger = new Logger(LiveGateway.name);
  private readonly clientAddress: (req: IncomingMessage) => string;
  private readonly resume: (this: Socket, body?: unknown, ack?: unknown) => void;

  constructor(
    private readonly auth: LiveAuthService,
    private readonly feed: LiveFeed,
    private readonly access: LiveAccessWatcher,
    private readonly hotspots: HotspotFeed,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.clientAddress = clientAddressResolver(config.trustProxy);
    this.resume = resumeListener(feed, this.logger);
  }

  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      socket.data.authenticatedAt = Date.now();
      this.auth.authenticate(socket.handshake.auth, this.clientAddress(socket.request)).then(
        (principal) => {
          socket.data.principal = principal;
          next();
        },
        (error: unknown) => {
          if (!(error instanceof LiveAuthError)) this.logger.error(error);
          next(new Error(error instanceof LiveAuthError ? error.message : 'unauthorized'));
        },
      );
    });
    this.feed.attach(namespace);
    this.hotspots.attach(namespace);
    this.access.attach(namespace);
  }

  handleConnection(socket: Socket): void {
    const principal = socket.data.principal as LivePrincipal;
    // The user's access changed while this handshake was reading it: knock again.
    if (principal.kind === 'staff' && this.access.changedSince(principal.user.id, socket.data.authenticatedAt as number)) {
      socket.disconnect(true);
      return;
    }
    // Read only by the middleware above (the client's address); `socket.handshake` keeps the headers.
    (socket.conn as { request: unknown }).request = null;
    socket.on('resume', this.resume);
    this.feed.connected(socket);
    this.hotspots.connected(socket, principal);
  }

  handleDisconnect(socket: Socket): void {
    this.feed.disconnected(socket);
  }
}

/**
 * The `resume {afterSeq}` listener: replays what was missed, then goes on live; answers the
 * acknowledgement when one is asked. One function for every socket: socket.io calls it with the socket
 * as `this`.
 */
function resumeListener(feed: LiveFeed, logger: Logger): (this: Socket, body?: unknown, ack?: unknown) => void {
  return function (this: Socket, body?: unknown, ack?: unknown): void {
    if (typeof body === 'function' && ack === undefined) [body, ack] = [undefined, body];
    const afterSeq = body !== null && typeof body === 'object' ? (body as { afterSeq?: unknown }).afterSeq : undefined;
    feed.resume(this, afterSeq).then(
      (answer: ResumeAck) => {
        if (typeof ack === 'function') (ack as (answer: ResumeAck) => void)(answer);
      },
      (error: unknown) => logger.error(error),
    );
  };
}
