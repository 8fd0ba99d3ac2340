import { AlertPeriod } from '../entities/alert-rule.entity.js';
import { addDays } from '../reporting/report-scope.js';

/** The running period of a rule: its first day, today, and the key an AlertEvent is unique by. */
export interface RulePeriod {
  from: string;
  to: string;
  /** `2026-11-26`, `2026-W48` (ISO week) or `2026-11`. */
  key: string;
}

/** The day, week (Monday first) or month that contains `today` (a date in the report time zone), up to today. */
export function currentPeriod(period: AlertPeriod, today: string): RulePeriod {
  switch (period) {
    case AlertPeriod.Day:
      return { from: today, to: today, key: today };
    case AlertPeriod.Week: {
      const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
      return { from: addDays(today, -weekday), to: today, key: isoWeekKey(today) };
    }
    case AlertPeriod.Month:
      return { from: `${today.slice(0, 7)}-01`, to: today, key: today.slice(0, 7) };
  }
}

/** ISO 8601 week: the year is the one of the week's Thursday (2027-01-01 is in 2026-W53). */
export function isoWeekKey(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The seven whole days before `day`: what a spike or a unit-cost drift is measured against. */
export function trailingWeek(day: string): { from: string; to: string } {
  return { from: addDays(day, -7), to: addDays(day, -1) };
}
