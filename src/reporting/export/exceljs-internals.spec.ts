import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { heldBytes, sheetZipInput, workbookZip } from './exceljs-internals.js';

/**
 * Guards the exceljs internals the workbook export relies on (see exceljs-internals.ts), on a real
 * streaming workbook: an exceljs or archiver upgrade that changes any of them fails here, by name,
 * instead of silently turning the export's flat memory (or its abort on hang-up) off.
 */
describe('exceljs internals the Excel export relies on', () => {
  const row = (i: number) => [i, 'x'.repeat(200), `call-${i}`];

  function workbook() {
    const out = new PassThrough();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    return { out, wb };
  }

  it("finds the sheet's zip input, whose held bytes grow while nobody reads and drain to zero once read", async () => {
    const { out, wb } = workbook();
    const sheet = wb.addWorksheet('Calls');
    // Nobody reads `out` yet: the deflater stops, and the sheet's XML piles up in the zip input.
    for (let i = 0; i < 20_000; i++) sheet.addRow(row(i)).commit();
    await nextTurn();
    const input = sheetZipInput(sheet);
    if (!input) throw new Error("exceljs changed: a sheet's `stream` no longer pipes into a PassThrough (sheetZipInput found none)");
    const held = heldBytes(input)!;
    expect(held).toBeGreaterThan(1 << 20);

    // The export waits for 'drain' on it: it comes, and the bytes are gone, once the output is read.
    const drained = once(input, 'drain');
    out.resume();
    await drained;
    expect(heldBytes(input)).toBe(0);
    sheet.commit();
    const ended = once(out, 'end');
    await wb.commit();
    await ended;
  });

  it("reaches the workbook's zip: abort() ends the output before the archive's end record", async () => {
    const { out, wb } = workbook();
    const zip = workbookZip(wb);
    const errors: Error[] = [];
    zip.on('error', (err: Error) => errors.push(err));
    const bytes: Buffer[] = [];
    out.on('data', (b: Buffer) => bytes.push(b));
    const sheet = wb.addWorksheet('Calls');
    for (let i = 0; i < 2_000; i++) sheet.addRow(row(i)).commit();
    await nextTurn();
    // Unaborted, this output would stay open: nothing committed the workbook.
    const ended = once(out, 'end');
    zip.abort();
    await ended;
    // A zip's last record (end of central directory) starts PK\x05\x06: an aborted archive has none.
    expect(Buffer.concat(bytes).includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBe(false);
    expect(errors).toEqual([]);
  });

  it('the same workbook, not aborted, is a whole zip (so the check above means something)', async () => {
    const { out, wb } = workbook();
    const bytes: Buffer[] = [];
    out.on('data', (b: Buffer) => bytes.push(b));
    const ended = once(out, 'end');
    const sheet = wb.addWorksheet('Calls');
    for (let i = 0; i < 2_000; i++) sheet.addRow(row(i)).commit();
    sheet.commit();
    await wb.commit();
    await ended;
    expect(Buffer.concat(bytes).includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBe(true);
  });
});
