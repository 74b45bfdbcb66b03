import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { seesAllCases } from '../auth/auth-user';
import { HOTSPOT_EVENTS_CHANNEL, type HotspotNotice } from '../hotspots/hotspots.repository';
import { HotspotsService } from '../hotspots/hotspots.service';
import type { LivePrincipal } from './live-scope';
import { PgListener } from './pg-listener';

/** Operators, supervisors and admins listen here (never department staff or citizens). */
export const HOTSPOTS_ROOM = 'hotspots';

const isNotice = (value: unknown): value is HotspotNotice =>
  typeof value === 'object' &&
  value !== null &&
  ['hotspot.detected', 'hotspot.updated'].includes((value as HotspotNotice).type) &&
  typeof (value as HotspotNotice).id === 'string' &&
  typeof (value as HotspotNotice).at === 'string';

/**
 * `hotspot.detected` and `hotspot.updated` on `/live`, to operators, supervisors and admins, not
 * replayed. The detector's transaction NOTIFYs `hotspot_events` (at its commit); every instance LISTENs
 * and sends the message to its own clients, so each client gets each one once, whichever instance it
 * is connected to and whichever instance detected. Messages go out in the order of the notifications.
 */
@Injectable()
export class HotspotFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HotspotFeed.name);
  private namespace: Namespace | null = null;
  private listener: PgListener | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly hotspots: HotspotsService,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) return;
    this.listener = new PgListener(url, HOTSPOT_EVENTS_CHANNEL, (payload) => payload !== undefined && this.received(payload), this.logger);
    await this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.stop();
  }

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  /** Centre staff hear about hotspots for as long as they are connected. */
  connected(socket: Socket, principal: LivePrincipal): void {
    if (principal.kind === 'staff' && seesAllCases(principal.user)) void socket.join(HOTSPOTS_ROOM);
  }

  private received(payload: string): void {
    let notice: unknown;
    try {
      notice = JSON.parse(payload);
    } catch {
      return;
    }
    if (!isNotice(notice)) return;
    this.queue = this.queue
      .then(async () => {
        const message = await this.hotspots.message(notice);
        if (message) this.namespace?.to(HOTSPOTS_ROOM).emit(message.type, message);
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not send a hotspot message'));
  }
}
