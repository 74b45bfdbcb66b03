import { Inject, Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { clientAddressResolver } from '../common/client-address';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
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
 */
@WebSocketGateway({ namespace: '/live' })
// Not for the HTTP guards (they would look for a bearer header): every socket here passed the middleware.
@Public()
export class LiveGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<Socket>, OnGatewayDisconnect<Socket> {
  private readonly logger = new Logger(LiveGateway.name);
  private readonly clientAddress: (req: IncomingMessage) => string;

  constructor(
    private readonly auth: LiveAuthService,
    private readonly feed: LiveFeed,
    private readonly access: LiveAccessWatcher,
    private readonly hotspots: HotspotFeed,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.clientAddress = clientAddressResolver(config.trustProxy);
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
    this.feed.connected(socket);
    this.hotspots.connected(socket, principal);
  }

  handleDisconnect(socket: Socket): void {
    this.feed.disconnected(socket);
  }

  /** `{afterSeq}`: replay what was missed, then go on live. Answers the acknowledgement when one is asked. */
  @SubscribeMessage('resume')
  resume(@ConnectedSocket() socket: Socket, @MessageBody() body: { afterSeq?: unknown } | undefined): Promise<ResumeAck> {
    return this.feed.resume(socket, body?.afterSeq);
  }
}
