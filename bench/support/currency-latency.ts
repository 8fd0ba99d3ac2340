import { cpus, loadavg } from 'node:os';

/** One report route, asked in a given currency. */
export interface CurrencyRoute {
  label: string;
  /** rollups or raw: which source the service reads. */
  path: string;
  /** The currencies it is compared in, besides USD. */
  others: string[];
  /** Month summaries: p95 < 50 ms in every currency. */
  target: boolean;
  request: (currency: string) => Promise<unknown>;
}

/** Latency percentiles and CPU ms per request of the app and PostgreSQL together (null where it cannot be read). */
interface StreamTimes {
  p50: number;
  p95: number;
  cpuMs: number | null;
}

export interface CurrencyTimes {
  /** Two USD streams: the first is the baseline, the second shows how far two identical streams differ here. */
  usd: StreamTimes;
  usdAgain: StreamTimes;
  others: Array<StreamTimes & { currency: string }>;
}

/** The target (#15): a report in another currency within 10% of the same report in USD. */
const MAX_RATIO = 1.1;
const TARGET_P95_MS = 50;
/** Requests per currency in a row: short enough to interleave, long enough to read the CPU clocks around. */
const BLOCK = 5;

/**
 * Times each route in USD and its other currencies with the requests interleaved in blocks of BLOCK
 * (USD, EUR, USD', ..., the order rotating each block), so a change of load on the shared machine
 * falls on every currency alike instead of on whichever was measured last. A second USD stream, timed
 * the same way, is the control: the ratio two identical streams show is the noise a verdict has to beat.
 * `cpu` (app + PostgreSQL CPU seconds so far) is read around each block: CPU per request does not
 * count the time spent waiting for a core, which on a loaded machine is most of the latency.
 */
export async function measureCurrencies(routes: CurrencyRoute[], rounds: number, warmup: number, cpu: () => number | null): Promise<CurrencyTimes[]> {
  const out: CurrencyTimes[] = [];
  for (const route of routes) {
    const streams = ['USD', ...route.others, 'USD'];
    for (let i = 0; i < warmup; i++) for (const currency of streams) await route.request(currency);
    const times = streams.map(() => [] as number[]);
    const cpuSeconds: Array<number | null> = streams.map(() => 0);
    for (let done = 0, block = 0; done < rounds; done += BLOCK, block++) {
      for (let j = 0; j < streams.length; j++) {
        const k = (j + block) % streams.length;
        const before = cpu();
        for (let i = 0; i < Math.min(BLOCK, rounds - done); i++) {
          const t0 = performance.now();
          await route.request(streams[k]);
          times[k].push(performance.now() - t0);
        }
        const after = cpu();
        const spent = cpuSeconds[k];
        cpuSeconds[k] = spent === null || before === null || after === null ? null : spent + after - before;
      }
    }
    const [usd, ...rest] = times.map((t, k) => ({ ...percentiles(t), cpuMs: perRequest(cpuSeconds[k], rounds) }));
    const usdAgain = rest.pop()!;
    out.push({ usd, usdAgain, others: rest.map((p, i) => ({ currency: route.others[i], ...p })) });
  }
  return out;
}

const perRequest = (seconds: number | null, requests: number) => (seconds === null ? null : (seconds * 1000) / requests);

/** Prints the table and the verdicts; true when both of the hold. */
export function printCurrencies(routes: CurrencyRoute[], times: CurrencyTimes[], rounds: number): boolean {
  const columns = Math.max(...routes.map((r) => r.others.length));
  const ms = (x: number | null, width = 7) => (x === null ? 'n/a' : x.toFixed(1)).padStart(width);
  const ratio = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2)).padStart(6);
  const cpuRatio = (a: StreamTimes, base: StreamTimes) => (a.cpuMs === null || base.cpuMs === null ? null : a.cpuMs / base.cpuMs);
  console.log(
    `\nreports in another currency against USD: ${rounds} requests per currency per row, sequential, in blocks of ${BLOCK} interleaved with the USD ones` +
      `\n(latency ms over HTTP; cpu = CPU ms per request of the app and PostgreSQL; ×p95, ×cpu = the currency's figure / USD's;` +
      `\n USD' = a second USD stream timed alike: what two identical streams differ by here)`,
  );
  const otherHead = `|${'cur'.padStart(4)}${'p50'.padStart(7)}${'p95'.padStart(7)}${'cpu'.padStart(7)}${'×p95'.padStart(6)}${'×cpu'.padStart(6)} `;
  console.log(
    `${'endpoint'.padEnd(38)}${'path'.padEnd(9)}|${'USD p50'.padStart(8)}${'p95'.padStart(7)}${'cpu'.padStart(7)} |${"USD' p95".padStart(9)}${'×p95'.padStart(6)}${'×cpu'.padStart(6)} ${otherHead.repeat(columns)}| p95 within 10%`,
  );
  const compared: Array<{ label: string; p95: number; cpu: number | null }> = [];
  routes.forEach((route, i) => {
    const t = times[i];
    const others = t.others.map((o) => {
      const entry = { label: `${route.label} in ${o.currency}`, p95: o.p95 / t.usd.p95, cpu: cpuRatio(o, t.usd) };
      compared.push(entry);
      return `|${o.currency.padStart(4)}${ms(o.p50)}${ms(o.p95)}${ms(o.cpuMs)}${ratio(entry.p95)}${ratio(entry.cpu)} `;
    });
    const blank = `|${''.padStart(otherHead.length - 2)} `.repeat(columns - others.length);
    const verdict = t.others.every((o) => o.p95 / t.usd.p95 <= MAX_RATIO) ? 'PASS' : 'FAIL';
    console.log(
      `${route.label.padEnd(38)}${route.path.padEnd(9)}|${ms(t.usd.p50, 8)}${ms(t.usd.p95)}${ms(t.usd.cpuMs)} |${ms(t.usdAgain.p95, 9)}${ratio(t.usdAgain.p95 / t.usd.p95)}${ratio(cpuRatio(t.usdAgain, t.usd))} ${others.join('')}${blank}| ${verdict}`,
    );
  });
  const noise = (pick: (t: CurrencyTimes) => number | null) => {
    const xs = times.map(pick).filter((x): x is number => x !== null);
    return xs.length ? `${(Math.max(...xs.map((x) => Math.abs(x - 1))) * 100).toFixed(0)}%` : 'n/a';
  };
  const worst = (key: 'p95' | 'cpu') => compared.reduce((a, b) => ((b[key] ?? 0) > (a[key] ?? 0) ? b : a));
  const over = (key: 'p95' | 'cpu') => compared.filter((c) => c[key] !== null && c[key] > MAX_RATIO).length;
  const within = over('p95') === 0;
  console.log(
    `${within ? 'PASS' : 'FAIL'}  every route in another currency within 10% of USD (p95): ${compared.length - over('p95')} of ${compared.length}; ` +
      `worst ${worst('p95').label} ×${worst('p95').p95.toFixed(2)}; USD' differed from USD by up to ${noise((t) => t.usdAgain.p95 / t.usd.p95)}`,
  );
  if (compared.every((c) => c.cpu !== null)) {
    console.log(
      `      CPU per request, which waiting for a core does not inflate: ${compared.length - over('cpu')} of ${compared.length} within 10%; ` +
        `worst ${worst('cpu').label} ×${worst('cpu').cpu!.toFixed(2)}; USD' differed from USD by up to ${noise((t) => cpuRatio(t.usdAgain, t.usd))}`,
    );
  }
  const month = routes.flatMap((route, i) =>
    route.target ? [{ currency: 'USD', p95: times[i].usd.p95, label: route.label }, ...times[i].others.map((o) => ({ currency: o.currency, p95: o.p95, label: route.label }))] : [],
  );
  const slowest = month.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  const fast = slowest.p95 < TARGET_P95_MS;
  const currencies = [...new Set(month.map((m) => m.currency))].join(', ');
  console.log(`${fast ? 'PASS' : 'FAIL'}  month summary p95 < ${TARGET_P95_MS} ms in ${currencies}: slowest ${slowest.p95.toFixed(1)} ms (${slowest.label}, ${slowest.currency})`);
  console.log(
    `load average after the runs ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (1, 5, 15 min) on ${cpus().length} CPUs`,
  );
  return within && fast;
}

function percentiles(times: number[]): { p50: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length, Math.ceil((p / 100) * sorted.length)) - 1];
  return { p50: rank(50), p95: rank(95) };
}
