import type { ElevenLabs } from '@elevenlabs/elevenlabs-js';
import { Decimal } from 'decimal.js';
import type { CreditsDay } from './elevenlabs.port.js';

type UsageTable = ElevenLabs.WorkspaceAnalyticsQueryResponseModel;
type Cell = UsageTable['rows'][number][number];

const DAY_MS = 86_400_000;

/**
 * Workspace usage analytics is a table (`columns`, `column_types`, `column_units`, `rows`), one row
 * per bucket and product. The bucket is the DateTime column and the figure the column whose unit is
 * credits (`credits_used` in the vendor's documentation), found by type and unit rather than by
 * position. Every product of a day is added up; every day of the range gets a figure, '0' when the
 * vendor lists none (it lists only buckets with usage).
 */
export function toCreditsDays(table: UsageTable, range: { from: string; to: string }): CreditsDay[] {
  const time = table.columnTypes.indexOf('DateTime');
  let credits = table.columnUnits.indexOf('credits');
  if (credits < 0) credits = table.columns.indexOf('credits_used');
  if (time < 0 || credits < 0) {
    throw new Error(`usage analytics answered without a DateTime and a credits column (columns: ${table.columns.join(', ')})`);
  }
  const totals = new Map<string, Decimal>();
  for (let day = range.from; day <= range.to; day = nextDay(day)) totals.set(day, new Decimal(0));
  for (const row of table.rows) {
    const day = utcDay(row[time]);
    const total = totals.get(day);
    if (total) totals.set(day, total.plus(creditsOf(row[credits])));
  }
  return [...totals].map(([day, total]) => ({ day, credits: total.toFixed() }));
}

/**
 * A key that may not read usage analytics: 401 `missing_permissions` (what the vendor answers a
 * restricted key) or 403. Its reason is the vendor's message; null for any other failure.
 */
export function forbiddenReason(err: unknown): string | null {
  const { statusCode, body } = (err ?? {}) as { statusCode?: number; body?: { detail?: { status?: string; message?: string } } };
  const detail = typeof body?.detail === 'object' && body.detail !== null ? body.detail : undefined;
  if (statusCode === 403 || (statusCode === 401 && detail?.status === 'missing_permissions')) {
    return detail?.message ?? `HTTP ${statusCode}: the API key may not read workspace usage analytics`;
  }
  return null;
}

export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

function utcDay(cell: Cell | undefined): string {
  let at: number;
  if (cell instanceof Date) at = cell.getTime();
  else if (typeof cell === 'number')
    at = cell > 1e11 ? cell : cell * 1000; // milliseconds or seconds
  else if (typeof cell === 'string') {
    // "2024-04-01T00:00:00Z" as documented; a bare "2024-04-01 00:00:00" is read as UTC too.
    const iso = cell.includes('T') ? cell : cell.replace(' ', 'T');
    at = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(iso) || iso.length <= 10 ? iso : `${iso}Z`);
  } else at = NaN;
  if (!Number.isFinite(at)) throw new Error(`usage analytics answered an unreadable bucket time: ${String(cell)}`);
  return new Date(at).toISOString().slice(0, 10);
}

/** The vendor documents credits as text ("125.5"); a JSON number is taken by its shortest literal, as decimalOf does. */
function creditsOf(cell: Cell | undefined): Decimal {
  if (cell === undefined || cell === null || cell === '') return new Decimal(0);
  if ((typeof cell === 'number' && Number.isFinite(cell)) || (typeof cell === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(cell.trim()))) {
    return new Decimal(String(cell).trim());
  }
  throw new Error(`usage analytics answered unreadable credits: ${String(cell)}`);
}
