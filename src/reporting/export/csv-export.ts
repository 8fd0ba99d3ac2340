import type { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { type CallRow, ReportCalls } from '../report-calls.js';
import type { ReportScope } from '../report-scope.js';
import { csvText } from './csv-cell.js';

export const CSV_TYPE = 'text/csv; charset=utf-8';

/** Rows asked of the cursor at a time; one batch is one write to the response. */
const BATCH = 2000;
/** Zone offsets only change on a quarter hour (UTC) in every zone since 1900. */
const QUARTER_HOUR = 900_000;
const DAY = 86_400_000;

/** Bytes held by a stream inside the pipeline that feeds the response, and the most it may hold. */
export interface Backlog {
  /** Emits 'drain' once the held bytes are gone. */
  events: EventEmitter;
  pending(): number;
  limit: number;
}

/**
 * The response an export writes to. A client that hangs up closes it; `room()` then answers false,
 * the export stops pulling rows and the cursor closes, which gives its connection back to the pool.
 */
export class ExportSink {
  private closed: boolean;
  private failure: Error | null = null;
  /**
   * Stoppers of whatever waits on the pipeline, all called when the export has to stop. (Racing each
   * wait against one never-settling promise instead would keep every wait of a long export alive.)
   */
  private readonly waiters = new Set<() => void>();

  constructor(readonly out: Writable) {
    const hangUp = () => {
      this.closed = true;
      // A close after everything was handed over is the normal end, not a client gone.
      if (!out.writableFinished) this.wake();
    };
    this.closed = out.destroyed;
    out.once('close', hangUp);
    // A response that fails (its socket broke mid-write) is a client gone, not a crash of the process.
    out.on('error', hangUp);
  }

  /** The client went away (or the pipeline failed) before the export was complete. */
  get hungUp(): boolean {
    return this.failure !== null || ((this.closed || this.out.destroyed) && !this.out.writableFinished);
  }

  /** Our side of the pipeline failed: the export stops, and `rethrow()` reports it. */
  fail(err: Error): void {
    this.failure ??= err;
    this.wake();
  }

  rethrow(): void {
    if (this.failure) throw this.failure;
  }

  /**
   * Waits until the response, and the stream inside the pipeline that `inner` describes, can take
   * more: memory then stays flat however many rows there are. While `inner` still holds bytes, it
   * also gives up one turn of the event loop, so the stage behind it (zlib, which works on another
   * thread between turns) keeps going alongside the rows being made. False once the export has to stop.
   */
  async room(inner?: Backlog): Promise<boolean> {
    while (!this.hungUp) {
      if (this.out.writableNeedDrain) {
        if (!(await this.next(this.out, 'drain'))) return false;
      } else if (inner && inner.pending() > inner.limit) {
        if (!(await this.next(inner.events, 'drain'))) return false;
      } else {
        if (inner && inner.pending() > 0) await nextTurn();
        return !this.hungUp;
      }
    }
    return false;
  }

  /** Awaits `work` (say, the writer's final flush); false if the export had to stop first. */
  settle(work: Promise<unknown>): Promise<boolean> {
    return this.wait((done, fail) => void work.then(() => done(!this.hungUp), fail));
  }

  /** Ends the response; true once all of it has been handed to the client's connection. */
  async end(): Promise<boolean> {
    if (this.hungUp) return false;
    const finished = this.next(this.out, 'finish');
    this.out.end();
    return finished;
  }

  /** True on the emitter's next `event`; false if it closes, or the export has to stop, first. */
  private next(emitter: EventEmitter, event: string): Promise<boolean> {
    return this.wait((done) => {
      const onEvent = () => done(true);
      const onClose = () => done(false);
      emitter.once(event, onEvent);
      emitter.once('close', onClose);
      return () => {
        emitter.off(event, onEvent);
        emitter.off('close', onClose);
      };
    });
  }

  /** A wait that the export stopping also ends (false); `start` may return its clean-up. */
  private wait(start: (done: (ok: boolean) => void, fail: (err: unknown) => void) => (() => void) | void): Promise<boolean> {
    if (this.hungUp) return Promise.resolve(false);
    return new Promise<boolean>((resolve, reject) => {
      let cleanUp: (() => void) | void;
      const finish = (settle: () => void) => {
        if (!this.waiters.delete(stop)) return;
        cleanUp?.();
        settle();
      };
      const stop = () => finish(() => resolve(false));
      this.waiters.add(stop);
      cleanUp = start(
        (ok) => finish(() => resolve(ok)),
        (err) => finish(() => reject(err)),
      );
    });
  }

  private wake(): void {
    for (const stop of [...this.waiters]) stop();
  }
}

/**
 * The rows of `source`, one batch read ahead: the next round trip to PostgreSQL overlaps the work on
 * this batch. Still bounded (two batches at most), and stopping early returns the source, which
 * closes its cursor.
 */
export async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = source.next();
      yield result.value;
    }
  } finally {
    // A read still in flight must settle before the cursor can close; its rows are not wanted.
    await next.catch(() => undefined);
    await source.return(undefined);
  }
}

/** `simbiosia-costs_2026-11-01_2026-11-30[_acme].xlsx`: the period, and the workspace when there is one. */
export function exportFilename(scope: ReportScope, extension: 'xlsx' | 'csv'): string {
  const workspace = scope.workspace ? `_${scope.workspace.slug.replace(/[^A-Za-z0-9._-]/g, '-')}` : '';
  return `simbiosia-costs_${scope.from}_${scope.to}${workspace}.${extension}`;
}

/**
 * Milliseconds `tz` is ahead of UTC at an instant. Intl is slow (about 20 µs a lookup), so offsets are
 * looked up per UTC day: a day whose two ends share an offset has no change of offset inside (no
 * zone changes and changes back within a day); only a day with a change is looked up per quarter hour.
 */
export function zoneOffset(tz: string): (ms: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const lookUp = (at: number) => {
    const p = Object.fromEntries(format.formatToParts(new Date(at)).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at;
  };
  let day = NaN;
  let dayOffset = 0;
  let changes = false;
  let slot = NaN;
  let slotOffset = 0;
  return (ms) => {
    const d = Math.floor(ms / DAY) * DAY;
    if (d !== day) {
      day = d;
      dayOffset = lookUp(d);
      changes = lookUp(d + DAY) !== dayOffset;
    }
    if (!changes) return dayOffset;
    const s = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
    if (s !== slot) {
      slot = s;
      slotOffset = lookUp(s);
    }
    return slotOffset;
  };
}

/** `2026-10-25T02:30:00+02:00`: the instant as the report zone's wall-clock time with its offset. */
function isoInZone(tz: string): (instant: Date) => string {
  const offsetOf = zoneOffset(tz);
  return (instant) => {
    const ms = instant.getTime();
    const offset = offsetOf(ms);
    const local = new Date(ms + offset).toISOString();
    const minutes = Math.abs(offset) / 60_000;
    const sign = offset < 0 ? '-' : '+';
    const zone = `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    return `${ms % 1000 === 0 ? local.slice(0, 19) : local.slice(0, 23)}${zone}`;
  };
}

/** numeric text from PostgreSQL carries the column's scale ("0.0135000000"); the file shows "0.0135", still exact. */
export function exactMoney(value: string | null): string {
  if (value === null) return '';
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}

/** The header row: the API's field names, each converted amount's followed by the report's currency. */
function header(currency: string): string {
  return [
    'startedAt',
    'workspace',
    'direction',
    'status',
    'durationSeconds',
    `twilioCost (${currency})`,
    'twilioCostBilled',
    'twilioPriceUnit',
    `elevenlabsCost (${currency})`,
    'elevenlabsCostBilled',
    'elevenlabsCurrency',
    `totalCost (${currency})`,
    'elevenlabsCredits',
    'twilioPriceFinal',
    'elevenlabsCostBasis',
    'agentId',
    'from',
    'to',
    'twilioCallSid',
    'elevenlabsConversationId',
    'terminationReason',
    'id',
  ].join(',');
}

/**
 * The calls of a report as CSV: the Calls sheet's columns, one row per call in start order. Times are
 * ISO 8601 in the report's time zone with its offset (so they read as local time and still name the
 * instant exactly); money is the exact decimal text, not a rounded float, and stays a number even when
 * negative: costs in the report's currency (named in their headers), each beside the amount as billed
 * and its currency. Text cells go through `csvText`, which keeps them from being read as formulas.
 */
@Injectable()
export class CsvExport {
  constructor(private readonly calls: ReportCalls) {}

  /** Streams the CSV into `out` and ends it; 'aborted' when the client hung up first (the query is stopped). */
  async write(scope: ReportScope, out: Writable): Promise<'complete' | 'aborted'> {
    const sink = new ExportSink(out);
    const iso = isoInZone(scope.tz);
    const line = (c: CallRow) =>
      [
        iso(c.startedAt),
        csvText(c.workspace),
        csvText(c.direction),
        csvText(c.status),
        String(c.durationSeconds),
        exactMoney(c.twilioCost),
        exactMoney(c.twilioCostBilled),
        csvText(c.twilioPriceUnit),
        exactMoney(c.elevenlabsCost),
        exactMoney(c.elevenlabsCostBilled),
        csvText(c.elevenlabsCurrency),
        exactMoney(c.totalCost),
        exactMoney(c.elevenlabsCredits),
        c.twilioPriceFinal ? 'true' : 'false',
        csvText(c.elevenlabsCostBasis),
        csvText(c.agentId),
        csvText(c.from),
        csvText(c.to),
        csvText(c.twilioCallSid),
        csvText(c.elevenlabsConversationId),
        csvText(c.terminationReason),
        c.id,
      ].join(',');
    out.write(`${header(scope.currency)}\r\n`);
    // Leaving the loop early (break) returns the generator, which closes the cursor.
    for await (const rows of readAhead(this.calls.stream(scope, BATCH))) {
      let text = '';
      for (const row of rows) text += `${line(row)}\r\n`;
      out.write(text);
      if (!(await sink.room())) break;
    }
    return (await sink.end()) ? 'complete' : 'aborted';
  }
}
