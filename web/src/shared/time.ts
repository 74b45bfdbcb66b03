/** Times come from the API in ISO-8601 (UTC); people read them in Asia/Shanghai, whatever their device says. */
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { useSyncExternalStore } from 'react';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

export const TIME_ZONE = 'Asia/Shanghai';

export function shanghai(value?: string | number | Date | Dayjs): Dayjs {
  return dayjs(value).tz(TIME_ZONE);
}

/** `2026-03-05 14:07` */
export function formatTime(iso: string | null | undefined): string {
  return iso ? shanghai(iso).format('YYYY-MM-DD HH:mm') : '—';
}

/** `2026-03-05` */
export function formatDate(iso: string | null | undefined): string {
  return iso ? shanghai(iso).format('YYYY-MM-DD') : '—';
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `2天3小时`, `4小时12分`, `8分30秒`: the distance between two instants, to a useful precision. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) return `${Math.floor(abs / DAY)}天${Math.floor((abs % DAY) / HOUR)}小时`;
  if (abs >= HOUR) return `${Math.floor(abs / HOUR)}小时${Math.floor((abs % HOUR) / MINUTE)}分`;
  return `${Math.floor(abs / MINUTE)}分${Math.floor((abs % MINUTE) / 1000)}秒`;
}

// One ticker for the whole page: every countdown reads the same "now", once a second.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const l of listeners) l();
  }, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time in milliseconds, re-rendering the caller every second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
