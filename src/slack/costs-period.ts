import { addDays, isCalendarDate, lastDayOfMonth } from '../reporting/report-scope.js';

/** A period as the user named it; `periodRange` turns it into calendar days once "today" is known. */
export type PeriodSpec =
  | { kind: 'today' }
  | { kind: 'yesterday' }
  /** Monday of this week to today. */
  | { kind: 'week' }
  /** First of this month to today. */
  | { kind: 'month' }
  | { kind: 'last-month' }
  /** The last N days, today included. */
  | { kind: 'days'; days: number }
  /** A calendar month (YYYY-MM), cut at today while it runs. */
  | { kind: 'calendar-month'; month: string }
  | { kind: 'range'; from: string; to: string };

export interface DayRange {
  from: string;
  to: string;
}

/** Longest "Nd" accepted: the reporting module's own limit is about three years. */
export const MAX_DAYS = 1000;

/** Calendar days (both inclusive) of `spec`, `today` being the date in the report time zone. */
export function periodRange(spec: PeriodSpec, today: string): DayRange {
  switch (spec.kind) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const day = addDays(today, -1);
      return { from: day, to: day };
    }
    case 'week': {
      const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
      return { from: addDays(today, -weekday), to: today };
    }
    case 'month':
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case 'last-month': {
      const to = addDays(`${today.slice(0, 7)}-01`, -1);
      return { from: `${to.slice(0, 7)}-01`, to };
    }
    case 'days':
      return { from: addDays(today, -(spec.days - 1)), to: today };
    case 'calendar-month': {
      const from = `${spec.month}-01`;
      const last = lastDayOfMonth(spec.month);
      return { from, to: today >= from && today < last ? today : last };
    }
    case 'range':
      return { from: spec.from, to: spec.to };
  }
}

/** The previous period of equal length, as the reporting module's comparison uses it. */
export function previousRange(range: DayRange): DayRange {
  const length = Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000);
  const to = addDays(range.from, -1);
  return { from: addDays(to, -length), to };
}

/** `YYYY-MM` with a real month. */
export function isCalendarMonth(value: string): boolean {
  return /^\d{4}-\d{2}$/.test(value) && isCalendarDate(`${value}-01`);
}
