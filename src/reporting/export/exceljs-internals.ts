import type { EventEmitter } from 'node:events';
import type ExcelJS from 'exceljs';

/*
 * The one place the export reaches into exceljs's streaming writer past its public API (exceljs 4.4.0,
 * pinned in package.json, with archiver 5 and its readable-stream 2 under it). Neither item has a
 * public route: exceljs exposes no zip and no backpressure, and the stream that holds the backlog is
 * a readable-stream 2 PassThrough, which predates Node's public `writableLength`/`writableNeedDrain`.
 * exceljs-internals.spec.ts drives a real workbook through both and fails when an upgrade changes them.
 */

/** A stream as far as the export looks at it: its events ('drain', 'close') and what it holds. */
export type WritableLike = EventEmitter & { write(chunk: unknown): boolean; writableLength?: number; _writableState?: { length?: unknown } };

/**
 * 1. The workbook's zip (archiver), kept by WorkbookWriter as `zip`: the export listens for its
 * 'error' (a failure there would otherwise go unseen) and calls `abort()` to stop it when the client
 * hangs up, so a truncated workbook never ends like a whole one.
 */
export function workbookZip(wb: ExcelJS.stream.xlsx.WorkbookWriter): EventEmitter & { abort(): void } {
  const zip = (wb as unknown as { zip?: Partial<EventEmitter & { abort(): void }> }).zip;
  if (typeof zip?.on !== 'function' || typeof zip.abort !== 'function') {
    throw new Error('exceljs changed: WorkbookWriter has no archiver `zip` with on() and abort() (see src/reporting/export/exceljs-internals.ts)');
  }
  return zip as EventEmitter & { abort(): void };
}

/**
 * 2. The stream between a sheet's XML and the deflater: WorksheetWriter's `stream` (an exceljs
 * StreamBuf) pipes into the PassThrough archiver wraps it in, its only pipe. exceljs writes there
 * without heeding write()'s answer, so that PassThrough is where rows pile up. Undefined when the
 * shape is not there (the export then waits on the response alone).
 */
export function sheetZipInput(sheet: ExcelJS.Worksheet): WritableLike | undefined {
  const stream = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream;
  const input = stream?.pipes?.[0] as Partial<WritableLike> | undefined;
  return typeof input?.write === 'function' && typeof input.once === 'function' && heldBytes(input as WritableLike) !== undefined ? (input as WritableLike) : undefined;
}

/**
 * 3. Bytes a stream holds: Node's public `writableLength` where the stream has it (a later archiver on
 * Node's own streams), else readable-stream 2's `_writableState.length`, which is what it reads as.
 * A 'drain' follows once it is empty again, as for any Writable whose write() answered false.
 */
export function heldBytes(stream: WritableLike): number | undefined {
  if (typeof stream.writableLength === 'number') return stream.writableLength;
  const length = stream._writableState?.length;
  return typeof length === 'number' ? length : undefined;
}
