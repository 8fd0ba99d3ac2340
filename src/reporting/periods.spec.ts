import { addMonths, comparedWithWords, isoWeekKey, monthOf, periodRange, previousPeriod, runningPeriod, todayIn, trailingWeek, wallTime, weekOf, zonedInstant } from './periods.js';

const MADRID = 'Europe/Madrid';
const at = (iso: string) => new Date(iso);

describe('today in a zone', () => {
  it.each([
    // 23:59:30 on the last day of a month: still November in UTC, already December in Madrid.
    ['2026-11-30T23:59:30Z', 'UTC', '2026-11-30'],
    ['2026-11-30T23:59:30Z', MADRID, '2026-12-01'],
    // 00:00:30 UTC: a new day in UTC, still the day before in New York.
    ['2026-12-01T00:00:30Z', 'UTC', '2026-12-01'],
    ['2026-12-01T00:00:30Z', 'America/New_York', '2026-11-30'],
    // Madrid's DST Sundays: 01:30 CET before the spring jump, 02:30 the second time in autumn.
    ['2026-03-29T00:30:00Z', MADRID, '2026-03-29'],
    ['2026-10-25T01:30:00Z', MADRID, '2026-10-25'],
    ['2026-10-24T22:00:00Z', MADRID, '2026-10-25'],
  ])('at %s in %s it is %s', (now, tz, day) => {
    expect(todayIn(tz, at(now))).toBe(day);
  });

  it('reads the wall clock and finds the instant back, across DST', () => {
    expect(wallTime(at('2026-10-25T01:30:00Z'), MADRID)).toEqual({ day: '2026-10-25', msOfDay: 2.5 * 3_600_000 });
    expect(zonedInstant('2026-11-02', 4 * 3_600_000, MADRID)).toEqual(at('2026-11-02T03:00:00Z'));
    expect(zonedInstant('2026-07-02', 4 * 3_600_000, MADRID)).toEqual(at('2026-07-02T02:00:00Z'));
    // 02:30 on the autumn Sunday is read twice: the first reading (summer time).
    expect(zonedInstant('2026-10-25', 2.5 * 3_600_000, MADRID)).toEqual(at('2026-10-25T00:30:00Z'));
    // 02:30 on the spring Sunday never shows: read on winter time, i.e. 03:30 summer time.
    expect(zonedInstant('2026-03-29', 2.5 * 3_600_000, MADRID)).toEqual(at('2026-03-29T01:30:00Z'));
    // Midnights of the 23- and 25-hour days.
    expect(zonedInstant('2026-03-30', 0, MADRID).getTime() - zonedInstant('2026-03-29', 0, MADRID).getTime()).toBe(23 * 3_600_000);
    expect(zonedInstant('2026-10-26', 0, MADRID).getTime() - zonedInstant('2026-10-25', 0, MADRID).getTime()).toBe(25 * 3_600_000);
  });
});

describe('periods containing a day', () => {
  it('gives the week from Monday to Sunday and the month', () => {
    expect(weekOf('2026-11-26')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(weekOf('2026-11-23')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(weekOf('2026-11-29')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(monthOf('2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 2)).toBe('2027-01');
  });

  it('gives the running day, ISO week and month up to today, with their keys', () => {
    expect(runningPeriod('day', '2026-11-26')).toEqual({ from: '2026-11-26', to: '2026-11-26', key: '2026-11-26' });
    expect(runningPeriod('week', '2026-11-26')).toEqual({ from: '2026-11-23', to: '2026-11-26', key: '2026-W48' });
    expect(runningPeriod('month', '2026-11-26')).toEqual({ from: '2026-11-01', to: '2026-11-26', key: '2026-11' });
    // A Monday that is the 1st: the week and the month both start today.
    expect(runningPeriod('week', '2026-06-01')).toEqual({ from: '2026-06-01', to: '2026-06-01', key: '2026-W23' });
    expect(runningPeriod('month', '2026-06-01')).toEqual({ from: '2026-06-01', to: '2026-06-01', key: '2026-06' });
  });

  it.each([
    ['2026-01-01', '2026-W01'],
    ['2027-01-01', '2026-W53'],
    ['2024-12-30', '2025-W01'],
    ['2026-11-29', '2026-W48'],
    ['2026-11-30', '2026-W49'],
  ])('puts %s in ISO week %s', (day, key) => {
    expect(isoWeekKey(day)).toBe(key);
  });

  it('measures against the seven whole days before', () => {
    expect(trailingWeek('2026-03-02')).toEqual({ from: '2026-02-23', to: '2026-03-01' });
  });
});

describe('periods as people name them', () => {
  const today = '2026-11-26'; // a Thursday

  it.each([
    [{ kind: 'today' }, '2026-11-26', '2026-11-26'],
    [{ kind: 'yesterday' }, '2026-11-25', '2026-11-25'],
    [{ kind: 'week' }, '2026-11-23', '2026-11-26'],
    [{ kind: 'month' }, '2026-11-01', '2026-11-26'],
    [{ kind: 'last-month' }, '2026-10-01', '2026-10-31'],
    [{ kind: 'days', days: 7 }, '2026-11-20', '2026-11-26'],
    [{ kind: 'days', days: 30 }, '2026-10-28', '2026-11-26'],
    [{ kind: 'calendar-month', month: '2026-02' }, '2026-02-01', '2026-02-28'],
    [{ kind: 'calendar-month', month: '2026-11' }, '2026-11-01', '2026-11-26'],
    [{ kind: 'calendar-month', month: '2027-01' }, '2027-01-01', '2027-01-31'],
    [{ kind: 'range', from: '2026-10-01', to: '2026-10-15' }, '2026-10-01', '2026-10-15'],
  ] as const)('%j is %s to %s', (spec, from, to) => {
    expect(periodRange(spec, today)).toEqual({ from, to });
  });

  it('takes last month across a year and in a leap February', () => {
    expect(periodRange({ kind: 'last-month' }, '2027-01-05')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodRange({ kind: 'last-month' }, '2028-03-31')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});

describe('the period compared with', () => {
  // 04:00 on 2 December in Madrid (CET, UTC+1).
  const morning = at('2026-12-02T03:00:00Z');

  it('meets a running month with the same elapsed span of the previous one, to the instant', () => {
    expect(previousPeriod({ from: '2026-12-01', to: '2026-12-02' }, morning, MADRID)).toEqual({
      shape: 'month',
      from: '2026-11-01',
      to: '2026-11-02',
      until: at('2026-11-02T03:00:00Z'),
    });
  });

  it('meets a whole month with the whole previous month, not a span of equal length', () => {
    expect(previousPeriod({ from: '2026-11-01', to: '2026-11-30' }, morning, MADRID)).toEqual({ shape: 'month', from: '2026-10-01', to: '2026-10-31', until: null });
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-31' }, morning, MADRID)).toEqual({ shape: 'month', from: '2026-02-01', to: '2026-02-28', until: null });
    expect(previousPeriod({ from: '2026-01-01', to: '2026-03-31' }, morning, MADRID)).toEqual({ shape: 'month', from: '2025-10-01', to: '2025-12-31', until: null });
  });

  it("clamps a running month longer than the previous one to the previous month's end", () => {
    const march = { from: '2026-03-01', to: '2026-03-31' };
    expect(previousPeriod(march, at('2026-03-30T10:00:00Z'), 'UTC')).toEqual({ shape: 'month', from: '2026-02-01', to: '2026-02-28', until: null });
    expect(previousPeriod(march, at('2026-03-28T10:00:00Z'), 'UTC')).toEqual({ shape: 'month', from: '2026-02-01', to: '2026-02-28', until: at('2026-02-28T10:00:00Z') });
  });

  it('at 23:59:30 on the last day of a month, cuts the previous month at the same second', () => {
    expect(previousPeriod({ from: '2026-11-01', to: '2026-11-30' }, at('2026-11-30T23:59:30Z'), 'UTC')).toEqual({
      shape: 'month',
      from: '2026-10-01',
      to: '2026-10-30',
      until: at('2026-10-30T23:59:30Z'),
    });
    // 00:00:30 UTC: the new month has just begun.
    expect(previousPeriod({ from: '2026-12-01', to: '2026-12-01' }, at('2026-12-01T00:00:30Z'), 'UTC', 'month')).toEqual({
      shape: 'month',
      from: '2026-11-01',
      to: '2026-11-01',
      until: at('2026-11-01T00:00:30Z'),
    });
  });

  it('meets a week with the week before (Monday to Sunday), a running one to the instant', () => {
    expect(previousPeriod({ from: '2026-11-23', to: '2026-11-29' }, morning, MADRID)).toEqual({ shape: 'week', from: '2026-11-16', to: '2026-11-22', until: null });
    // Wednesday 2 December: Monday–Wednesday 04:00 against Monday–Wednesday 04:00 a week before, not Friday–Sunday.
    expect(previousPeriod({ from: '2026-11-30', to: '2026-12-02' }, morning, MADRID)).toEqual({
      shape: 'week',
      from: '2026-11-23',
      to: '2026-11-25',
      until: at('2026-11-25T03:00:00Z'),
    });
  });

  it('on a Monday that is the 1st, meets "this week" with last week and "this month" with last month', () => {
    const monday = at('2026-06-01T06:00:00Z');
    const days = { from: '2026-06-01', to: '2026-06-01' };
    expect(previousPeriod(days, monday, 'UTC', 'week')).toEqual({ shape: 'week', from: '2026-05-25', to: '2026-05-25', until: at('2026-05-25T06:00:00Z') });
    expect(previousPeriod(days, monday, 'UTC', 'month')).toEqual({ shape: 'month', from: '2026-05-01', to: '2026-05-01', until: at('2026-05-01T06:00:00Z') });
    expect(previousPeriod(days, monday, 'UTC', 'day')).toEqual({ shape: 'day', from: '2026-05-31', to: '2026-05-31', until: at('2026-05-31T06:00:00Z') });
  });

  it("meets a day with the day before, at the same wall time across Madrid's DST Sundays", () => {
    // Noon on the 23-hour Sunday (summer time) against noon on Saturday (winter time).
    expect(previousPeriod({ from: '2026-03-29', to: '2026-03-29' }, at('2026-03-29T10:00:00Z'), MADRID)).toEqual({
      shape: 'day',
      from: '2026-03-28',
      to: '2026-03-28',
      until: at('2026-03-28T11:00:00Z'),
    });
    // Noon on the Monday after the 25-hour Sunday.
    expect(previousPeriod({ from: '2026-10-26', to: '2026-10-26' }, at('2026-10-26T11:00:00Z'), MADRID)).toEqual({
      shape: 'day',
      from: '2026-10-25',
      to: '2026-10-25',
      until: at('2026-10-25T11:00:00Z'),
    });
    expect(previousPeriod({ from: '2026-10-25', to: '2026-10-25' }, morning, MADRID)).toEqual({ shape: 'day', from: '2026-10-24', to: '2026-10-24', until: null });
  });

  it('keeps a free range against the same number of days before, cut at the instant while it runs', () => {
    expect(previousPeriod({ from: '2026-10-25', to: '2026-10-31' }, morning, MADRID)).toEqual({ shape: 'range', from: '2026-10-18', to: '2026-10-24', until: null });
    expect(previousPeriod({ from: '2026-11-26', to: '2026-12-02' }, morning, MADRID)).toEqual({
      shape: 'range',
      from: '2026-11-19',
      to: '2026-11-25',
      until: at('2026-11-25T03:00:00Z'),
    });
  });

  it('says what it compares with, in Spanish and English', () => {
    const running = previousPeriod({ from: '2026-12-01', to: '2026-12-02' }, morning, MADRID);
    const clean = (s: string) => s.replace(/[\u2009\u202f]/g, ' ');
    expect(clean(comparedWithWords('es', running, MADRID, '2026-12-02'))).toBe('frente a 1–2 nov hasta las 04:00');
    expect(clean(comparedWithWords('en', running, MADRID, '2026-12-02'))).toBe('vs 1 – 2 Nov until 04:00');
    const whole = previousPeriod({ from: '2026-11-01', to: '2026-11-30' }, morning, MADRID);
    expect(clean(comparedWithWords('es', whole, MADRID, '2026-12-02'))).toBe('frente a 1–31 oct');
    const day = previousPeriod({ from: '2027-01-01', to: '2027-01-01' }, morning, MADRID);
    expect(clean(comparedWithWords('en', day, MADRID, '2027-01-01'))).toBe('vs 31 Dec 2026');
  });
});
