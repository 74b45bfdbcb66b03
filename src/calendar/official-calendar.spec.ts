import { deadlineAfter, endOfShanghaiDay, isWeekday } from './deadline-math';
import { officialDays, officialYears } from './official-calendar';

/** The 2026 calendar as the system loads it: official days over the weekday default. */
const official2026 = new Map(officialDays(2026).map((d) => [d.date, d.kind]));
const isWorkday2026 = (date: string) => {
  const kind = official2026.get(date);
  return kind ? kind === 'workday' : isWeekday(date);
};
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('the official 2026 schedule (State Council, via chinese-days)', () => {
  it('is available', () => {
    expect(officialYears()).toContain(2026);
  });

  it.each([
    ['2026-01-01', 'holiday'], // 元旦
    ['2026-01-04', 'workday'], // a make-up Sunday
    ['2026-02-14', 'workday'], // make-up Saturday before the Spring Festival
    ['2026-02-15', 'holiday'],
    ['2026-02-23', 'holiday'],
    ['2026-02-28', 'workday'], // make-up Saturday after it
    ['2026-10-01', 'holiday'], // 国庆节
    ['2026-10-07', 'holiday'],
    ['2026-09-20', 'workday'],
    ['2026-10-10', 'workday'],
  ])('%s is a %s', (date, kind) => {
    expect(official2026.get(date)).toBe(kind);
  });

  it.each([
    // start (Asia/Shanghai)            working days  due by the end of
    ['2026-02-13T10:00:00', 1, '2026-02-14'], // Friday → the make-up Saturday
    ['2026-02-14T10:00:00', 1, '2026-02-24'], // make-up Saturday → after the nine days off
    ['2026-02-14T10:00:00', 5, '2026-02-28'], // … and the make-up Saturday at the end counts
    ['2026-09-30T16:00:00', 1, '2026-10-08'], // National Day eve → the first day back
    ['2026-09-30T16:00:00', 2, '2026-10-09'],
    ['2026-09-30T16:00:00', 3, '2026-10-10'], // make-up Saturday
    ['2026-12-31T23:30:00', 1, '2027-01-01'], // no 2027 data yet: New Year's Day counts as a Friday
  ])('%s + %i working days → %s', (start, days, due) => {
    expect(deadlineAfter(shanghai(start), { amount: days, unit: 'working_days' }, isWorkday2026)).toEqual(endOfShanghaiDay(due));
  });
});
