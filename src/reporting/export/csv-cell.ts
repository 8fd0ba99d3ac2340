/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection): `=`, `+`, `-`,
 * `@`, and tab or carriage return, which some programs skip before looking for one of the others.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell of the CSV. Caller-controlled text (SIP From, agent ids, statuses) reaches these cells,
 * and LibreOffice and Excel run `=HYPERLINK(...)` when they open the file, so text that starts like a
 * formula gets a leading `'` and is always quoted: it then reads as text everywhere. RFC 4180 for the
 * rest: a field with a comma, quote or line break is quoted, quotes doubled. Numbers (money, which may
 * be negative, durations, ids) are not text cells and never come through here.
 */
export function csvText(value: string | null): string {
  if (value === null) return '';
  if (FORMULA_START.test(value)) return `"'${value.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
