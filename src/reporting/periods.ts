/**
 * The one home of calendar maths: days, weeks (Monday first), months, in a zone, and which period a
 * period is compared with. Pure functions: "now" is always passed in (from the injected Clock), so
 * reports, Slack, alerts, the digest and the panel agree on every edge, DST days included.
 * A day is `YYYY-MM-DD`; day arithmetic is on the calendar, never on 24-hour steps of an instant.
 */

const DAY_MS = 86_400_000;

/** Calendar days, both inclusive. */
export interface DayRange {
  from: string;
  to: string;
}

export function isCalendarDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** `YYYY-MM` with a real month. */
export function isCalendarMonth(value: string): boolean {
  return /^\d{4}-\d{2}$/.test(value) && isCalendarDate(`${value}-01`);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The last calendar day of a `YYYY-MM` month, as `YYYY-MM-DD`. */
export function lastDayOfMonth(month: string): string {
  const days = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}

/** `YYYY-MM` moved by `months`. */
export function addMonths(month: string, months: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthsBetween(fromMonth: string, toMonth: string): number {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  return index(toMonth) - index(fromMonth);
}

/** Monday = 0 … Sunday = 6. */
export function weekday(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

// ---- The zone: what the wall clock reads, and back.

const wallFormats = new Map<string, Intl.DateTimeFormat>();

function wallFormat(tz: string): Intl.DateTimeFormat {
  let format = wallFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormats.set(tz, format);
  }
  return format;
}

/** The wall clock in `tz` at `instant`: its day and the milliseconds since that day's 00:00 on the wall. */
export function wallTime(instant: Date, tz: string): { day: string; msOfDay: number } {
  const p = Object.fromEntries(
    wallFormat(tz)
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  const msOfDay = ((Number(p.hour) * 60 + Number(p.minute)) * 60 + Number(p.second)) * 1000 + instant.getUTCMilliseconds();
  return { day: `${p.year}-${p.month}-${p.day}`, msOfDay };
}

export function todayIn(tz: string, now: Date): string {
  return wallTime(now, tz).day;
}

/** What the wall clock in `tz` is ahead of UTC at `instant`, in ms. */
function offsetAt(instantMs: number, tz: string): number {
  const { day, msOfDay } = wallTime(new Date(instantMs), tz);
  return Date.parse(`${day}T00:00:00Z`) + msOfDay - instantMs;
}

/**
 * The instant at which the wall clock in `tz` reads `day` plus `msOfDay`. A wall time read twice (the
 * autumn hour) is its first reading; one skipped (the spring hour) is read on the offset from before the gap.
 */
export function zonedInstant(day: string, msOfDay: number, tz: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`) + msOfDay;
  // At most one offset change lies within 14 hours either side of any wall time.
  const candidates = [...new Set([offsetAt(wall - 14 * 3_600_000, tz), offsetAt(wall + 14 * 3_600_000, tz)])].map((o) => wall - o).sort((a, b) => a - b);
  const exact = candidates.find((t) => t + offsetAt(t, tz) === wall);
  return new Date(exact ?? candidates[candidates.length - 1]);
}

// ---- Periods that contain a day.

export function weekOf(day: string): DayRange {
  const monday = addDays(day, -weekday(day));
  return { from: monday, to: addDays(monday, 6) };
}

export function monthOf(day: string): DayRange {
  return { from: `${day.slice(0, 7)}-01`, to: lastDayOfMonth(day.slice(0, 7)) };
}

/** ISO 8601 week: the year is the one of the week's Thursday (2027-01-01 is in 2026-W53). */
export function isoWeekKey(day: string): string {
  const thursday = addDays(day, 3 - weekday(day));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export type PeriodUnit = 'day' | 'week' | 'month';

/** A period running up to today, and the key an alert for it is unique by (`2026-11-26`, `2026-W48`, `2026-11`). */
export interface RunningPeriod extends DayRange {
  key: string;
}

/** The day, week or month containing `today`, from its first day up to today. */
export function runningPeriod(unit: PeriodUnit, today: string): RunningPeriod {
  switch (unit) {
    case 'day':
      return { from: today, to: today, key: today };
    case 'week':
      return { from: weekOf(today).from, to: today, key: isoWeekKey(today) };
    case 'month':
      return { from: `${today.slice(0, 7)}-01`, to: today, key: today.slice(0, 7) };
  }
}

/** The seven whole days before `day`: what a spike or a unit-cost drift is measured against. */
export function trailingWeek(day: string): DayRange {
  return { from: addDays(day, -7), to: addDays(day, -1) };
}

// ---- Periods as people name them (Slack's words, the panel's presets).

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

/** Calendar days of `spec`, `today` being the date in the report time zone. */
export function periodRange(spec: PeriodSpec, today: string): DayRange {
  switch (spec.kind) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const day = addDays(today, -1);
      return { from: day, to: day };
    }
    case 'week':
    case 'month': {
      const { from, to } = runningPeriod(spec.kind, today);
      return { from, to };
    }
    case 'last-month':
      return monthOf(`${addMonths(today.slice(0, 7), -1)}-01`);
    case 'days':
      return { from: addDays(today, -(spec.days - 1)), to: today };
    case 'calendar-month': {
      const whole = monthOf(`${spec.month}-01`);
      return { from: whole.from, to: today >= whole.from && today < whole.to ? today : whole.to };
    }
    case 'range':
      return { from: spec.from, to: spec.to };
  }
}

/** The panel's period buttons: the server turns them into days, in the report zone, by the injected clock. */
export const PANEL_PRESETS = {
  month: { kind: 'month' },
  lastMonth: { kind: 'last-month' },
  last7: { kind: 'days', days: 7 },
  last30: { kind: 'days', days: 30 },
} as const satisfies Record<string, PeriodSpec>;

export type PanelPreset = keyof typeof PANEL_PRESETS;

export function isPanelPreset(value: unknown): value is PanelPreset {
  return typeof value === 'string' && Object.hasOwn(PANEL_PRESETS, value);
}

// ---- What a period is compared with.

/** Whole months, weeks (Monday to Sunday) or a day are compared with the same before; anything else is a free range. */
export type PeriodShape = 'month' | 'week' | 'day' | 'range';

export interface PreviousPeriod extends DayRange {
  shape: PeriodShape;
  /**
   * For a period still running (it holds today): the instant the previous one is cut at, the same wall
   * time `now` reads, on the matching day. Null when the previous period counts whole through `to`.
   */
  until: Date | null;
}

/**
 * The period a report is compared with, by the calendar: November against 1–31 October, a week against
 * the week before, a day against the day before, a free range against the same number of days before.
 * A period still running is compared with the same elapsed span of the previous one, to the instant
 * (at 04:00 on 2 December "this month" meets 1 November 00:00 → 2 November 04:00); a running month
 * longer than the previous one meets the previous month whole once its days run out. `named` is
 * the shape the user asked for, when known; otherwise it is read from the days.
 */
export function previousPeriod(range: DayRange, now: Date, tz: string, named?: PeriodShape): PreviousPeriod {
  const wall = wallTime(now, tz);
  const today = wall.day;
  const running = range.from <= today && today <= range.to;
  // The last day that counts: today while the period runs (later days have no calls yet).
  const end = running ? today : range.to;
  // The caller may know what was asked: on a Monday the 1st, "this week" and "this month" are the same days.
  const shape = named ?? shapeOf(range, running);
  const cut = (day: string, to: string): PreviousPeriod =>
    running ? { shape, from: '', to: day, until: zonedInstant(day, wall.msOfDay, tz) } : { shape, from: '', to, until: null };

  if (shape === 'month') {
    const months = monthsBetween(range.from.slice(0, 7), end.slice(0, 7)) + 1;
    const from = `${addMonths(range.from.slice(0, 7), -months)}-01`;
    const lastMonth = addMonths(end.slice(0, 7), -months);
    const monthEnd = lastDayOfMonth(lastMonth);
    const sameDay = `${lastMonth}-${end.slice(8)}`;
    // The previous month is shorter: its days have run out, so it counts whole.
    if (running && sameDay > monthEnd) return { shape, from, to: monthEnd, until: null };
    return { ...cut(sameDay, monthEnd), from };
  }
  const days = shape === 'week' ? 7 * (Math.floor(daysBetween(range.from, end) / 7) + 1) : daysBetween(range.from, range.to) + 1;
  return { ...cut(addDays(today, -days), addDays(range.to, -days)), from: addDays(range.from, -days) };
}

function shapeOf(range: DayRange, running: boolean): PeriodShape {
  // One day is a day, but for the 1st while it runs: that is the reports' default, "this month", on its first day.
  if (range.from === range.to && !(running && range.from.endsWith('-01'))) return 'day';
  if (range.from.endsWith('-01') && (running || range.to === lastDayOfMonth(range.to.slice(0, 7)))) return 'month';
  if (weekday(range.from) === 0 && (running || weekday(range.to) === 6)) return 'week';
  return 'range';
}

// ---- Saying what is compared with.

const WORDS = {
  es: { locale: 'es-ES', vs: 'frente a', until: 'hasta las' },
  en: { locale: 'en-GB', vs: 'vs', until: 'until' },
} as const;

/**
 * "vs 1–2 Nov until 04:00" / "frente a 1–2 nov hasta las 04:00": the previous span in words, times on
 * the wall clock of `tz`. The year shows only when the span leaves the year of `today`.
 */
export function comparedWithWords(lang: 'es' | 'en', previous: DayRange & { until: Date | string | null }, tz: string, today: string): string {
  const w = WORDS[lang];
  const withYear = previous.from.slice(0, 4) !== today.slice(0, 4) || previous.to.slice(0, 4) !== today.slice(0, 4);
  const days = new Intl.DateTimeFormat(w.locale, { day: 'numeric', month: 'short', timeZone: 'UTC', ...(withYear ? { year: 'numeric' } : {}) });
  const at = (day: string) => new Date(`${day}T00:00:00Z`);
  const span = previous.from === previous.to ? days.format(at(previous.from)) : days.formatRange(at(previous.from), at(previous.to));
  if (!previous.until) return `${w.vs} ${span}`;
  const time = new Intl.DateTimeFormat(w.locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: tz }).format(new Date(previous.until));
  return `${w.vs} ${span} ${w.until} ${time}`;
}
