import { AlertPeriod } from '../entities/alert-rule.entity.js';
import { currentPeriod, isoWeekKey, trailingWeek } from './alert-periods.js';

describe('alert periods', () => {
  it('gives the running day, ISO week and month up to today, with their keys', () => {
    expect(currentPeriod(AlertPeriod.Day, '2026-11-26')).toEqual({ from: '2026-11-26', to: '2026-11-26', key: '2026-11-26' });
    expect(currentPeriod(AlertPeriod.Week, '2026-11-26')).toEqual({ from: '2026-11-23', to: '2026-11-26', key: '2026-W48' });
    expect(currentPeriod(AlertPeriod.Month, '2026-11-26')).toEqual({ from: '2026-11-01', to: '2026-11-26', key: '2026-11' });
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
