import type { Duration } from './sla-policy.entity';

// Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so civil dates are a fixed shift.
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** Whether a civil date (YYYY-MM-DD) is a working day. */
export type IsWorkday = (date: string) => boolean;

/** The civil date in Asia/Shanghai of an instant, as YYYY-MM-DD. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 23:59:59 Asia/Shanghai on the given date. */
export function endOfShanghaiDay(date: string): Date {
  return new Date(Date.parse(`${date}T23:59:59Z`) - SHANGHAI_OFFSET_MS);
}

/** The default when no official calendar is loaded: Monday to Friday on, weekends off. */
export function isWeekday(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

/**
 * When a stage that starts at `start` is due. Hours and minutes are wall-clock time; "within N working
 * days" ends at 23:59:59 Asia/Shanghai on the N-th working day after the day the clock starts.
 */
export function deadlineAfter(start: Date, duration: Duration, isWorkday: IsWorkday): Date {
  switch (duration.unit) {
    case 'minutes':
      return new Date(start.getTime() + duration.amount * 60_000);
    case 'hours':
      return new Date(start.getTime() + duration.amount * 3_600_000);
    case 'working_days': {
      let date = shanghaiDate(start);
      for (let counted = 0; counted < duration.amount; ) {
        date = addDays(date, 1);
        if (isWorkday(date)) counted++;
      }
      return endOfShanghaiDay(date);
    }
  }
}

/**
 * How many working days ended (at 23:59:59 Asia/Shanghai) within [from, to): what a pause from `from`
 * to `to` costs a working-day deadline, counted as an extension counts.
 */
export function workdaysEndingWithin(from: Date, to: Date, isWorkday: IsWorkday): number {
  let count = 0;
  for (let date = shanghaiDate(from); endOfShanghaiDay(date) < to; date = addDays(date, 1)) {
    const end = endOfShanghaiDay(date);
    if (end >= from && isWorkday(date)) count++;
  }
  return count;
}
