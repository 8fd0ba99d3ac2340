import type { SyncRunView, SyncSourceView } from '../../src/sync/dto/sync-run.view.js';

const SOURCE_NAMES: Record<string, string> = { twilio: 'Twilio calls', elevenlabs: 'ElevenLabs', twilio_usage: 'Twilio usage', ecb_rates: 'ECB rates' };

export const int = (n: number | string) => Math.round(Number(n)).toLocaleString('en-US');
export const money = (n: number | string, currency = 'USD') =>
  `${currency === 'USD' ? '$' : `${currency} `}${Number(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Plain text table: first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

function sourceLine(s: SyncSourceView, nameWidth: number): string {
  const who = (s.workspace ?? '(account)').padEnd(nameWidth);
  const what = (SOURCE_NAMES[s.source] ?? s.source).padEnd(12);
  if (s.status === 'running' && s.pages === 0) return `  ${who}  ${what}  started`;
  const state = s.status === 'running' ? 'running…' : s.status === 'succeeded' ? 'done' : s.status;
  const detail = `${int(s.rows)} rows, ${int(s.pages)} ${s.pages === 1 ? 'page' : 'pages'}`;
  return `  ${who}  ${what}  ${state.padEnd(9)} ${detail}${s.lastError ? `  (${s.lastError})` : ''}`;
}

/**
 * Sync progress per workspace and source. On a terminal the block is redrawn in place; in a log
 * (CI, `| tee`) a line is printed when a source starts and when it finishes.
 */
export class ProgressPrinter {
  private drawn = 0;
  private readonly seen = new Map<number, string>();

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly nameWidth: number,
  ) {}

  update(run: SyncRunView): void {
    if (this.out.isTTY) {
      const lines = run.sources.map((s) => sourceLine(s, this.nameWidth));
      if (this.drawn) this.out.write(`\x1b[${this.drawn}A`);
      for (const l of lines) this.out.write(`\x1b[2K${l}\n`);
      this.drawn = lines.length;
      return;
    }
    run.sources.forEach((s, i) => {
      const state = s.status === 'running' ? 'running' : 'ended';
      if (this.seen.get(i) === state) return;
      this.seen.set(i, state);
      this.out.write(`${sourceLine(s, this.nameWidth)}\n`);
    });
  }
}
