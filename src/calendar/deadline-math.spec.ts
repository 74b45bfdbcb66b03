import { addDays, deadlineAfter, endOfShanghaiDay, isWeekday, shanghaiDate, type IsWorkday } from './deadline-math';
import type { Duration } from './sla-policy.entity';

/**
 * China's official 2026 calendar for the two long holidays: days off that fall on weekdays, and the
 * make-up workdays (调休) that fall on weekends. Everything else follows Monday–Friday.
 */
const HOLIDAYS_2026 = new Set([
  // Spring Festival
  '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19',
  '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
  // National Day
  '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
]);
const MAKE_UP_WORKDAYS_2026 = new Set(['2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10']);
const official2026: IsWorkday = (date) =>
  MAKE_UP_WORKDAYS_2026.has(date) || (!HOLIDAYS_2026.has(date) && isWeekday(date));

const workingDays = (amount: number): Duration => ({ amount, unit: 'working_days' });

describe('shanghaiDate', () => {
  it.each([
    ['2026-03-05T00:00:00.000Z', '2026-03-05'], // 08:00 in Shanghai
    ['2026-03-05T15:59:59.999Z', '2026-03-05'], // last instant of the Shanghai day
    ['2026-03-05T16:00:00.000Z', '2026-03-06'], // midnight in Shanghai: already the next day
    ['2026-03-05T23:30:00.000Z', '2026-03-06'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'], // crosses a year
    ['2028-02-28T16:00:00.000Z', '2028-02-29'], // leap day
    ['2026-03-04T16:00:00.000Z', '2026-03-05'],
  ])('%s is %s in Asia/Shanghai', (instant, date) => {
    expect(shanghaiDate(new Date(instant))).toBe(date);
  });
});

describe('endOfShanghaiDay', () => {
  it.each([
    ['2026-03-05', '2026-03-05T15:59:59.000Z'],
    ['2026-01-01', '2026-01-01T15:59:59.000Z'],
    ['2028-02-29', '2028-02-29T15:59:59.000Z'],
  ])('%s ends at %s UTC (23:59:59 +08:00)', (date, utc) => {
    expect(endOfShanghaiDay(date).toISOString()).toBe(utc);
  });

  it.each(['2026-03-05', '2026-12-31', '2027-01-01'])('is still %s in Shanghai, one second before the next day', (date) => {
    const end = endOfShanghaiDay(date);
    expect(shanghaiDate(end)).toBe(date);
    expect(shanghaiDate(new Date(end.getTime() + 1000))).toBe(addDays(date, 1));
  });
});

describe('isWeekday', () => {
  it.each([
    ['2026-03-02', true], // Monday
    ['2026-03-03', true],
    ['2026-03-04', true],
    ['2026-03-05', true],
    ['2026-03-06', true], // Friday
    ['2026-03-07', false], // Saturday
    ['2026-03-08', false], // Sunday
    ['2026-02-14', false], // a make-up workday is still not a weekday
    ['2026-10-01', true], // a holiday on a Thursday is still a weekday
  ])('%s → %s', (date, expected) => {
    expect(isWeekday(date)).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-03-05', 1, '2026-03-06'],
    ['2026-03-05', 0, '2026-03-05'],
    ['2026-03-05', -5, '2026-02-28'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'], // 2026 is not a leap year
    ['2028-02-28', 1, '2028-02-29'], // 2028 is
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', 365, '2027-03-01'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('deadlineAfter', () => {
  describe('minutes and hours are wall-clock time', () => {
    it.each<[string, Duration, string]>([
      ['2026-03-05T02:00:00.000Z', { amount: 10, unit: 'minutes' }, '2026-03-05T02:10:00.000Z'],
      ['2026-03-05T02:00:00.000Z', { amount: 30, unit: 'minutes' }, '2026-03-05T02:30:00.000Z'],
      ['2026-03-05T15:55:00.000Z', { amount: 10, unit: 'minutes' }, '2026-03-05T16:05:00.000Z'], // over Shanghai midnight
      ['2026-03-05T02:00:00.000Z', { amount: 1, unit: 'hours' }, '2026-03-05T03:00:00.000Z'],
      ['2026-03-05T02:00:00.000Z', { amount: 5, unit: 'hours' }, '2026-03-05T07:00:00.000Z'],
      // Friday 23:00 Shanghai + 24 hours is Saturday 23:00: weekends are not skipped
      ['2026-03-06T15:00:00.000Z', { amount: 24, unit: 'hours' }, '2026-03-07T15:00:00.000Z'],
      // nor holidays: 2026-10-01 is a holiday in the custom calendar
      ['2026-09-30T04:00:00.000Z', { amount: 2, unit: 'hours' }, '2026-09-30T06:00:00.000Z'],
      ['2026-09-30T04:00:00.000Z', { amount: 24, unit: 'hours' }, '2026-10-01T04:00:00.000Z'],
    ])('%s + %o → %s', (start, duration, due) => {
      expect(deadlineAfter(new Date(start), duration, official2026).toISOString()).toBe(due);
    });

    it('does not consult the working calendar', () => {
      const isWorkday = jest.fn(() => true);
      deadlineAfter(new Date('2026-03-06T15:00:00Z'), { amount: 24, unit: 'hours' }, isWorkday);
      deadlineAfter(new Date('2026-03-06T15:00:00Z'), { amount: 30, unit: 'minutes' }, isWorkday);
      expect(isWorkday).not.toHaveBeenCalled();
    });
  });

  describe('working days, Monday to Friday (isWeekday)', () => {
    it.each<[string, string, number, string]>([
      // [what, start (UTC), N, due (UTC) = 23:59:59 Shanghai of the N-th working day after the start day]
      ['Monday morning, 1 day → Tuesday (the start day never counts)', '2026-03-02T01:00:00Z', 1, '2026-03-03T15:59:59.000Z'],
      ['Monday morning, 5 days → next Monday', '2026-03-02T01:00:00Z', 5, '2026-03-09T15:59:59.000Z'],
      ['Thursday, 1 day → Friday', '2026-03-05T02:00:00Z', 1, '2026-03-06T15:59:59.000Z'],
      ['Friday, 1 day → Monday', '2026-03-06T02:00:00Z', 1, '2026-03-09T15:59:59.000Z'],
      ['Friday, 2 days → Tuesday', '2026-03-06T02:00:00Z', 2, '2026-03-10T15:59:59.000Z'],
      ['Friday, 5 days → next Friday', '2026-03-06T02:00:00Z', 5, '2026-03-13T15:59:59.000Z'],
      ['Saturday, 1 day → Monday', '2026-03-07T02:00:00Z', 1, '2026-03-09T15:59:59.000Z'],
      ['Sunday, 1 day → Monday', '2026-03-08T02:00:00Z', 1, '2026-03-09T15:59:59.000Z'],
      // Thursday 17:00 UTC is Friday 01:00 in Shanghai: the clock starts on Friday, so Monday, not Friday
      ['Thursday late evening UTC = Friday in Shanghai, 1 day → Monday', '2026-03-05T17:00:00Z', 1, '2026-03-09T15:59:59.000Z'],
      ['Thursday 15:59:59 UTC = still Thursday in Shanghai, 1 day → Friday', '2026-03-05T15:59:59Z', 1, '2026-03-06T15:59:59.000Z'],
      ['Thursday 16:00:00 UTC = Friday 00:00 in Shanghai, 1 day → Monday', '2026-03-05T16:00:00Z', 1, '2026-03-09T15:59:59.000Z'],
      ['Friday 23:59 Shanghai, 1 day → Monday', '2026-03-06T15:59:00Z', 1, '2026-03-09T15:59:59.000Z'],
      ['Friday, 1 day across a month end → Monday', '2026-07-31T02:00:00Z', 1, '2026-08-03T15:59:59.000Z'],
      ['New Year\'s Eve (Thursday) late evening UTC, 1 day → Monday', '2026-12-31T20:00:00Z', 1, '2027-01-04T15:59:59.000Z'],
    ])('%s', (_what, start, amount, due) => {
      expect(deadlineAfter(new Date(start), workingDays(amount), isWeekday).toISOString()).toBe(due);
    });
  });

  describe('working days on the official 2026 calendar (holidays off, make-up workdays on)', () => {
    it.each<[string, string, number, string]>([
      // Spring Festival: 02-15 (Sun) … 02-23 (Mon) off; Saturdays 02-14 and 02-28 are workdays
      ['Friday 02-13, 1 day → make-up Saturday 02-14', '2026-02-13T02:00:00Z', 1, '2026-02-14T15:59:59.000Z'],
      ['Friday 02-13, 2 days → Tuesday 02-24 (holiday skipped)', '2026-02-13T02:00:00Z', 2, '2026-02-24T15:59:59.000Z'],
      ['Thursday 02-12 late evening UTC (= Friday 02-13 Shanghai), 1 day → Saturday 02-14', '2026-02-12T18:00:00Z', 1, '2026-02-14T15:59:59.000Z'],
      ['make-up Saturday 02-14, 1 day → Tuesday 02-24', '2026-02-14T02:00:00Z', 1, '2026-02-24T15:59:59.000Z'],
      ['mid-holiday Friday 02-20, 1 day → Tuesday 02-24', '2026-02-20T02:00:00Z', 1, '2026-02-24T15:59:59.000Z'],
      ['last holiday Monday 02-23, 1 day → Tuesday 02-24', '2026-02-23T02:00:00Z', 1, '2026-02-24T15:59:59.000Z'],
      ['Tuesday 02-24, 5 days → Monday 03-02 (make-up Saturday 02-28 counts)', '2026-02-24T02:00:00Z', 5, '2026-03-02T15:59:59.000Z'],
      ['Thursday 02-26, 2 days → make-up Saturday 02-28', '2026-02-26T02:00:00Z', 2, '2026-02-28T15:59:59.000Z'],
      ['Wednesday 02-11, 5 days → Wednesday 02-25', '2026-02-11T02:00:00Z', 5, '2026-02-25T15:59:59.000Z'],
      // National Day: 10-01 (Thu) … 10-07 (Wed) off; Sunday 09-20 and Saturday 10-10 are workdays
      ['Friday 09-18, 1 day → make-up Sunday 09-20', '2026-09-18T02:00:00Z', 1, '2026-09-20T15:59:59.000Z'],
      ['Friday 09-18, 2 days → Monday 09-21', '2026-09-18T02:00:00Z', 2, '2026-09-21T15:59:59.000Z'],
      ['Saturday 09-19, 1 day → make-up Sunday 09-20', '2026-09-19T02:00:00Z', 1, '2026-09-20T15:59:59.000Z'],
      ['Wednesday 09-30, 1 day → Thursday 10-08', '2026-09-30T02:00:00Z', 1, '2026-10-08T15:59:59.000Z'],
      ['Wednesday 09-30, 3 days → make-up Saturday 10-10', '2026-09-30T02:00:00Z', 3, '2026-10-10T15:59:59.000Z'],
      ['Tuesday 09-29, 5 days → Monday 10-12', '2026-09-29T02:00:00Z', 5, '2026-10-12T15:59:59.000Z'],
      ['Tuesday 09-29 late evening UTC (= Wednesday 09-30 Shanghai), 1 day → Thursday 10-08', '2026-09-29T20:00:00Z', 1, '2026-10-08T15:59:59.000Z'],
      ['holiday Monday 10-05, 2 days → Friday 10-09', '2026-10-05T02:00:00Z', 2, '2026-10-09T15:59:59.000Z'],
      ['Friday 10-09, 1 day → make-up Saturday 10-10', '2026-10-09T02:00:00Z', 1, '2026-10-10T15:59:59.000Z'],
      ['Friday 10-09, 2 days → Monday 10-12 (Sunday 10-11 is off)', '2026-10-09T02:00:00Z', 2, '2026-10-12T15:59:59.000Z'],
      // ordinary weeks behave as Monday to Friday
      ['ordinary Friday 03-06, 1 day → Monday 03-09', '2026-03-06T02:00:00Z', 1, '2026-03-09T15:59:59.000Z'],
    ])('%s', (_what, start, amount, due) => {
      expect(deadlineAfter(new Date(start), workingDays(amount), official2026).toISOString()).toBe(due);
    });

    it.each<[string, number, string]>([
      // the same starts on the plain weekday calendar, to show the custom calendar is what moved them
      ['2026-02-13T02:00:00Z', 1, '2026-02-16T15:59:59.000Z'],
      ['2026-02-24T02:00:00Z', 5, '2026-03-03T15:59:59.000Z'],
      ['2026-09-30T02:00:00Z', 1, '2026-10-01T15:59:59.000Z'],
    ])('without the holiday calendar, %s + %i working days → %s', (start, amount, due) => {
      expect(deadlineAfter(new Date(start), workingDays(amount), isWeekday).toISOString()).toBe(due);
    });
  });

  it('asks the calendar about each day after the start day, never the start day itself', () => {
    const asked: string[] = [];
    const isWorkday: IsWorkday = (date) => {
      asked.push(date);
      return isWeekday(date);
    };
    deadlineAfter(new Date('2026-03-06T02:00:00Z'), workingDays(2), isWorkday); // Friday
    expect(asked).toEqual(['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
  });
});
