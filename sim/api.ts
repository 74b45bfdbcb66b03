/** The actors' only way into the system: HTTP to the listening app, as any client would call it. */

export interface CaseView {
  id: string;
  trackingCode: string;
  status: 'received' | 'dispatched' | 'returned' | 'in_progress' | 'replied' | 'closed';
  owner: { type: 'centre' } | { type: 'department'; departmentId: string; code: string };
  priority: 'normal' | 'urgent' | 'emergency';
  signDeadline: string | null;
  replyDeadline: string | null;
  callbackDeadline: string | null;
  dispatchDeadline: string | null;
  returnCount: number;
  paused: boolean;
  finalOwner: boolean;
  version: number;
  queryCode?: string;
}

/** An answer the actors did not expect: counted in the report, with its route and code. */
export class UnexpectedAnswer extends Error {
  constructor(
    readonly action: string,
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(`${action}: ${status} ${code ?? ''} ${message}`);
  }
}

/** A few requests at a time: the actors of one instant share the app like a shift's staff. */
class Gate {
  private active = 0;
  private queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

export class Api {
  private readonly gate: Gate;
  /** Requests made, by route shape (`POST /api/cases/:id/sign`). */
  readonly requests = new Map<string, number>();
  /** Wall milliseconds spent waiting for answers, by route shape. */
  readonly waited = new Map<string, number>();

  constructor(
    readonly base: string,
    concurrency: number,
  ) {
    this.gate = new Gate(concurrency);
  }

  async login(username: string, password = 'demo12345'): Promise<{ token: string; userId: string; departmentId: string | null }> {
    const body = await this.call<{ accessToken: string; user: { id: string; departmentId: string | null } }>(null, 'POST', '/api/auth/login', {
      username,
      password,
    });
    return { token: body.accessToken, userId: body.user.id, departmentId: body.user.departmentId };
  }

  /** One request; a status outside 2xx throws `UnexpectedAnswer` unless it is listed in `accept`. */
  async call<T>(token: string | null, method: string, path: string, body?: unknown, accept: number[] = []): Promise<T> {
    const shape = `${method} ${path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id').replace(/\/public\/cases\/[^/]+/, '/public/cases/:code').replace(/\?.*/, '')}`;
    this.requests.set(shape, (this.requests.get(shape) ?? 0) + 1);
    return this.gate.run(async () => {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const started = performance.now();
      const res = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      this.waited.set(shape, (this.waited.get(shape) ?? 0) + performance.now() - started);
      const parsed = text ? (JSON.parse(text) as unknown) : null;
      if (res.ok || accept.includes(res.status)) return (res.ok ? parsed : { status: res.status, ...(parsed as object) }) as T;
      const error = parsed as { code?: string; message?: string | string[] } | null;
      throw new UnexpectedAnswer(shape, res.status, error?.code, String(error?.message ?? text));
    });
  }
}
