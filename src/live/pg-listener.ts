import type { LoggerService } from '@nestjs/common';
import { Client } from 'pg';

const RECONNECT_MS = 1000;

/**
 * LISTENs on one channel over its own connection (a pooled one would be handed to others), and
 * reconnects when the connection drops. `onNotify` gets each notification's payload; after every
 * (re)connect it is called once without one too: what was notified while it was away is not replayed
 * by PostgreSQL.
 */
export class PgListener {
  private client: Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onNotify: (payload?: string) => void,
    private readonly logger: LoggerService,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn?.(`Lost the LISTEN connection (${error?.message ?? 'closed'}); reconnecting`, PgListener.name);
      this.retry ??= setTimeout(() => {
        this.retry = null;
        void this.connect();
      }, RECONNECT_MS);
      this.retry.unref();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => this.onNotify(message.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.onNotify();
  }
}
