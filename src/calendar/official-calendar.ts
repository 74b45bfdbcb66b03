import type { CalendarDay } from './calendar-day.entity';

// The State Council's holiday schedules as data, from the `chinese-days` package (updated each year
// when the next year's schedule is published). Dates map to "English name,中文名,days".
import chineseDays from 'chinese-days/dist/chinese-days.json';

type OfficialDay = Pick<CalendarDay, 'date' | 'kind' | 'name'>;

const chineseName = (label: string) => label.split(',')[1] ?? label;

/** The official days off (holidays, including the weekends inside them) and make-up workdays (调休) of a year. */
export function officialDays(year: number): OfficialDay[] {
  const prefix = `${year}-`;
  const holidays = Object.entries(chineseDays.holidays as Record<string, string>)
    .filter(([date]) => date.startsWith(prefix))
    .map(([date, label]) => ({ date, kind: 'holiday' as const, name: chineseName(label) }));
  const workdays = Object.entries(chineseDays.workdays as Record<string, string>)
    .filter(([date]) => date.startsWith(prefix))
    .map(([date, label]) => ({ date, kind: 'workday' as const, name: `${chineseName(label)}调休上班` }));
  return [...holidays, ...workdays].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** Years for which the package carries an official schedule. */
export function officialYears(): number[] {
  const years = new Set(Object.keys(chineseDays.holidays).map((date) => Number(date.slice(0, 4))));
  return [...years].sort((a, b) => a - b);
}
