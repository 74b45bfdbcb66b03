import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { LiveEventsRepository } from './live-events.repository';
import type { LivePrincipal } from './live-scope';
import { PgListener } from './pg-listener';

/** Sent at commit by a trigger on `users` (migration UserAccessNotify) with the user's id. */
export const USER_ACCESS_CHANNEL = 'user_access_changed';

type StaffPrincipal = Extract<LivePrincipal, { kind: 'staff' }>;

/** How long a change is remembered for handshakes that were under way when it came. */
const REMEMBER_MS = 60_000;

/**
 * Closes a staff member's live sockets, on every instance, as soon as their access changes: deactivated,
 * given another role or moved to another department. A socket was let in and scoped under the access
 * its user had at the handshake; closed, the client reconnects under the new one (or is refused), as
 * the HTTP API does on the very next request. A handshake that read the user before the change but
 * joins after the notification is caught by `changedSince`. When the LISTEN connection comes back after
 * a drop, every open staff socket is checked against the table, since what was notified meanwhile is lost.
 */
@Injectable()
export class LiveAccessWatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LiveAccessWatcher.name);
  private namespace: Namespace | null = null;
  private listener: PgListener | null = null;
  /** When each user's access last changed (recent changes only). */
  private readonly changedAt = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: LiveEventsRepository,
  ) {}

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  async onApplicationBootstrap(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) return;
    this.listener = new PgListener(
      url,
      USER_ACCESS_CHANNEL,
      (userId) => {
        if (userId) this.accessChanged(userId);
        else void this.checkAll();
      },
      this.logger,
    );
    await this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.stop();
  }

  /** Whether the user's access changed at or after `since` (ms): a handshake begun then is out of date. */
  changedSince(userId: string, since: number): boolean {
    return (this.changedAt.get(userId) ?? -Infinity) >= since;
  }

  /** The user's access changed (the trigger's NOTIFY): close their sockets, and remember when. */
  accessChanged(userId: string): void {
    const now = Date.now();
    for (const [id, at] of this.changedAt) if (at < now - REMEMBER_MS) this.changedAt.delete(id);
    this.changedAt.set(userId, now);
    this.close((principal) => principal.user.id === userId);
  }

  /** Every open staff socket whose user is no longer active, or whose access changed since its handshake, is closed. */
  private async checkAll(): Promise<void> {
    const ids = [...new Set(this.staffSockets().map(([, principal]) => principal.user.id))];
    if (ids.length === 0) return;
    try {
      const rows = await this.events.activeUsers(ids);
      const current = new Map(rows.map((r) => [r.id, r.tokenVersion]));
      this.close((principal) => current.get(principal.user.id) !== principal.tokenVersion);
    } catch (error) {
      this.logger.warn(`Could not check the live sockets' users: ${String(error)}`);
    }
  }

  private close(changed: (principal: StaffPrincipal) => boolean): void {
    for (const [socket, principal] of this.staffSockets()) {
      if (changed(principal)) socket.disconnect(true);
    }
  }

  private staffSockets(): [Socket, StaffPrincipal][] {
    if (!this.namespace) return [];
    return [...this.namespace.sockets.values()].flatMap((socket) => {
      const principal = socket.data.principal as LivePrincipal | undefined;
      return principal?.kind === 'staff' ? [[socket, principal] as [Socket, StaffPrincipal]] : [];
    });
  }
}
