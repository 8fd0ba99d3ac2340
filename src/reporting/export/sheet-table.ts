import ExcelJS from 'exceljs';

/** Formats of the cells that are not money (moneyFormats gives those, per currency). */
export const FMT = {
  count: '#,##0',
  minutes: '#,##0.00',
  share: '0.00%',
  dateTime: 'yyyy-mm-dd hh:mm:ss',
  day: 'yyyy-mm-dd',
} as const;

export type Value = ExcelJS.CellValue;

/** Number formats of amounts in one currency: totals, single calls, and rates (per minute, per call). */
export interface MoneyFormats {
  money: string;
  callMoney: string;
  rate: string;
}

const moneyFormatsByCurrency = new Map<string, MoneyFormats>();

/**
 * Amounts in `currency` (ISO 4217) shown with its symbol: "€"#,##0.00, "MX$"#,##0.00, "CHF "#,##0.00.
 * The symbol is Intl's unambiguous en-US one (only USD is a bare $) as quoted literal text, which
 * Excel and LibreOffice both render whatever the reader's locale; a code Intl does not know shows as
 * itself. Cached: a workbook asks per cell where each row has its own currency.
 */
export function moneyFormats(currency: string): MoneyFormats {
  let formats = moneyFormatsByCurrency.get(currency);
  if (!formats) {
    const prefix = `"${currencyPrefix(currency).replace(/"/g, '')}"`;
    formats = { money: `${prefix}#,##0.00`, callMoney: `${prefix}#,##0.0000`, rate: `${prefix}#,##0.000000` };
    moneyFormatsByCurrency.set(currency, formats);
  }
  return formats;
}

/** What goes before the digits: the symbol, and a space where en-US puts one ("CHF 1.00", not "$ 1.00"). */
function currencyPrefix(currency: string): string {
  try {
    const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(1);
    const symbol = parts.findIndex((p) => p.type === 'currency');
    const after = parts[symbol + 1];
    return `${parts[symbol].value}${after?.type === 'literal' ? ' ' : ''}`;
  } catch {
    return `${currency} `;
  }
}

export interface SheetColumn<T> {
  header: string;
  width: number;
  numFmt?: string;
  /** Each row's own number format (an amount in the row's currency), in place of `numFmt`. */
  rowNumFmt?(row: T): string | undefined;
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
  /** Per column: its one style, or (a format per row) the style of each row. */
  private readonly styles: Array<Partial<ExcelJS.Style> | ((row: T) => Partial<ExcelJS.Style>)>;
  rows = 0;

  constructor(
    readonly sheet: ExcelJS.Worksheet,
    readonly columns: SheetColumn<T>[],
  ) {
    sheet.columns = columns.map((c) => ({ width: c.width }));
    this.styles = columns.map((c) => (c.rowNumFmt ? stylePerRow(c.rowNumFmt.bind(c)) : styleOf(c.numFmt)));
    const header = sheet.addRow(columns.map((c) => c.header));
    header.eachCell((cell) => (cell.style = HEADER_STYLE));
    header.commit();
  }

  add(row: T): void {
    const added = this.sheet.addRow(this.columns.map((c) => c.value(row)));
    added.eachCell((cell, n) => {
      const style = this.styles[n - 1];
      cell.style = typeof style === 'function' ? style(row) : style;
    });
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
      // A column formatted per row has no one format for its total: the caller leaves that cell empty.
      row.eachCell((cell, n) => {
        const style = this.styles[n - 1];
        cell.style = { ...(typeof style === 'function' ? {} : style), ...TOTAL_STYLE };
      });
      row.commit();
    }
    this.sheet.commit();
  }
}

const styles = new Map<string, Partial<ExcelJS.Style>>();
const PLAIN: Partial<ExcelJS.Style> = Object.freeze({});

/** One frozen style object per number format, so exceljs recognises it by identity (see TableWriter). */
function styleOf(numFmt: string | undefined): Partial<ExcelJS.Style> {
  if (numFmt === undefined) return PLAIN;
  let style = styles.get(numFmt);
  if (!style) styles.set(numFmt, (style = Object.freeze({ numFmt })));
  return style;
}

function stylePerRow<T>(numFmt: (row: T) => string | undefined): (row: T) => Partial<ExcelJS.Style> {
  return (row) => styleOf(numFmt(row));
}
