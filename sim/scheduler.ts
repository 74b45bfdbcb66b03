import { Clock } from '../src/common/clock';

/** The app's time source during a simulation: stands where the simulator puts it, never moves by itself. */
export class VirtualClock extends Clock {
  constructor(private at: Date) {
    super();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(at: Date): void {
    if (at < this.at) throw new Error(`The virtual clock cannot go back (${this.at.toISOString()} → ${at.toISOString()})`);
    this.at = new Date(at);
  }
}

interface Waiter {
  at: number;
  wake: () => void;
}

/**
 * Discrete-event time for the actors. An actor's story is an async function that `await`s `until(t)`
 * before each step; the scheduler moves the clock from one step to the next on a grid of `tickMs`: every
 * story due by a grid instant runs with the clock stopped there (concurrently, each on its own case), and
 * the tick's jobs (the sweep, the samples) run after all of them have reached their next wait.
 */
export class Scheduler {
  private waiters: Waiter[] = [];
  private running = 0;
  private idle?: () => void;
  /** Stories started and not yet finished. */
  private alive = 0;
  readonly failures: unknown[] = [];

  constructor(
    readonly clock: VirtualClock,
    readonly tickMs: number,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /** Resolves when the clock reaches the grid instant at or after `at`. */
  until(at: Date): Promise<void> {
    const t = Math.max(at.getTime(), this.clock.now().getTime() + this.tickMs);
    const ceiling = Math.ceil(t / this.tickMs) * this.tickMs;
    this.running--;
    this.maybeIdle();
    return new Promise<void>((wake) => {
      this.push({ at: ceiling, wake: () => { this.running++; wake(); } });
    });
  }

  /** Starts a story; it runs (synchronously up to its first `until`) when the clock reaches `at`. */
  start(at: Date, story: () => Promise<void>): void {
    this.alive++;
    const ceiling = Math.ceil(at.getTime() / this.tickMs) * this.tickMs;
    this.push({
      at: ceiling,
      wake: () => {
        this.running++;
        story()
          .catch((error: unknown) => this.failures.push(error))
          .finally(() => {
            this.alive--;
            this.running--;
            this.maybeIdle();
          });
      },
    });
  }

  get stories(): number {
    return this.alive;
  }

  /** The next grid instant something waits for, or null. */
  next(): number | null {
    return this.waiters.length ? this.waiters[0].at : null;
  }

  /** Moves the clock to `at` and runs every story due by then until each waits again or ends. */
  async runTo(at: number): Promise<void> {
    this.clock.set(new Date(at));
    const due: Waiter[] = [];
    while (this.waiters.length && this.waiters[0].at <= at) due.push(this.pop()!);
    if (due.length === 0) return;
    const settled = new Promise<void>((resolve) => (this.idle = resolve));
    for (const w of due) w.wake();
    this.maybeIdle();
    await settled;
  }

  private maybeIdle(): void {
    if (this.running === 0 && this.idle) {
      const idle = this.idle;
      this.idle = undefined;
      // Let the microtasks of the stories that just parked settle first.
      setImmediate(() => (this.running === 0 ? idle() : (this.idle = idle)));
    }
  }

  // A binary heap on `at` (ties in insertion order do not matter: one tick is one instant).
  private push(w: Waiter): void {
    const h = this.waiters;
    h.push(w);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (h[p].at <= h[i].at) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  private pop(): Waiter | undefined {
    const h = this.waiters;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].at < h[m].at) m = l;
        if (r < h.length && h[r].at < h[m].at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

/** A seeded random stream (mulberry32): the same seed gives the same month. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, max: number): number {
    return Math.floor(this.between(min, max + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** A child stream, so that one case's draws do not shift another's. */
  fork(): Random {
    return new Random(Math.floor(this.next() * 2 ** 32));
  }
}
