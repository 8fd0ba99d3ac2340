import ExcelJS from 'exceljs';

/** Reports are in US dollars (REPORT_CURRENCY). */
export const FMT = {
  money: '"$"#,##0.00',
  callMoney: '"$"#,##0.0000',
  rate: '"$"#,##0.000000',
  count: '#,##0',
  minutes: '#,##0.00',
  share: '0.00%',
  dateTime: 'yyyy-mm-dd hh:mm:ss',
  day: 'yyyy-mm-dd',
} as const;

export type Value = ExcelJS.CellValue;

export interface SheetColumn<T> {
  header: string;
  width: number;
  numFmt?: string;
  value(row: T): Value;
}

export const money = (v: string | null): Value => (v === null ? undefined : Number(v));
export const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);

const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E9EE' } },
  border: { bottom: { style: 'thin' } },
};
const TOTAL_STYLE: Partial<ExcelJS.Style> = { font: { bold: true }, border: { top: { style: 'thin' } } };
export const FROZEN_HEADER: Array<Partial<ExcelJS.WorksheetView>> = [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }];

/**
 * Writes rows of a table through exceljs's streaming writer. Each cell gets its column's style object
 * itself: exceljs then recognises the style by identity instead of serialising a fresh copy per cell,
 * which more than halves the time per row. Text is written as text (a string cell), never as a
 * formula, whatever it starts with: only `{ formula }` values become formulas.
 */
export class TableWriter<T> {
  private readonly styles: Array<Partial<ExcelJS.Style>>;
  rows = 0;

  constructor(
    readonly sheet: ExcelJS.Worksheet,
    readonly columns: SheetColumn<T>[],
  ) {
    sheet.columns = columns.map((c) => ({ width: c.width }));
    this.styles = columns.map((c) => Object.freeze(c.numFmt ? { numFmt: c.numFmt } : {}));
    const header = sheet.addRow(columns.map((c) => c.header));
    header.eachCell((cell) => (cell.style = HEADER_STYLE));
    header.commit();
  }

  add(row: T): void {
    const added = this.sheet.addRow(this.columns.map((c) => c.value(row)));
    added.eachCell((cell, n) => (cell.style = this.styles[n - 1]));
    added.commit();
    this.rows++;
  }

  /** A1:R<last row>: the header and the data, not the total row below them. */
  get range(): string {
    return `A1:${this.sheet.getColumn(this.columns.length).letter}${this.rows + 1}`;
  }

  finish(total?: Value[]): void {
    this.sheet.autoFilter = this.range;
    if (total) {
      const row = this.sheet.addRow(total);
      row.eachCell((cell, n) => (cell.style = { ...this.styles[n - 1], ...TOTAL_STYLE }));
      row.commit();
    }
    this.sheet.commit();
  }
}
