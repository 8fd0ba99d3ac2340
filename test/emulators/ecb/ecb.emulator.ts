import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ecbDays, ecbXml, shift } from './ecb.dataset.js';

/** How the next requests are answered: the files, HTTP 500, or a body that is not the ECB's XML. */
export type EcbMode = 'ok' | 'fail' | 'garbage';

/**
 * A local ECB under `/stats/eurofxref/`: `eurofxref-hist-90d.xml` (the 90 days before `today`) and
 * `eurofxref-hist.xml` (every business day since `historyFrom`), built from the deterministic
 * dataset. Records each path requested, so tests can tell which file an import read.
 */
export class EcbEmulator {
  mode: EcbMode = 'ok';
  readonly requests: string[] = [];
  private server?: Server;

  constructor(
    /** The last published day (the emulator's "today"). */
    public today: string,
    public historyFrom = '2020-01-01',
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      this.requests.push(path);
      if (this.mode === 'fail') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      if (this.mode === 'garbage') return void res.writeHead(200, { 'content-type': 'text/xml' }).end('<html><body>Maintenance');
      const file = path.replace(/^\/stats\/eurofxref\//, '');
      const from = file === 'eurofxref-hist-90d.xml' ? shift(this.today, -90) : file === 'eurofxref-hist.xml' ? this.historyFrom : null;
      if (from === null) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      res.writeHead(200, { 'content-type': 'text/xml' }).end(ecbXml(ecbDays(from, this.today)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  /** FX_RATES_URL for the app: the 90-day file, as in production. */
  get ratesUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/stats/eurofxref/eurofxref-hist-90d.xml`;
  }

  /** Requests since the last call, emptied. */
  take(): string[] {
    return this.requests.splice(0);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
