import { periodRange, previousRange } from './costs-period.js';

describe('periodRange', () => {
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

  it('starts the week on Monday, also when today is Monday or Sunday', () => {
    expect(periodRange({ kind: 'week' }, '2026-11-23')).toEqual({ from: '2026-11-23', to: '2026-11-23' });
    expect(periodRange({ kind: 'week' }, '2026-11-29')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
  });

  it('takes last month across a year and in a leap February', () => {
    expect(periodRange({ kind: 'last-month' }, '2027-01-05')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodRange({ kind: 'last-month' }, '2028-03-31')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('gives the previous period of equal length', () => {
    expect(previousRange({ from: '2026-11-01', to: '2026-11-26' })).toEqual({ from: '2026-10-06', to: '2026-10-31' });
    expect(previousRange({ from: '2026-11-26', to: '2026-11-26' })).toEqual({ from: '2026-11-25', to: '2026-11-25' });
  });
});
