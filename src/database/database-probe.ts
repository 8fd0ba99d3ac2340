import pg from 'pg';
import { ConfigError } from '../config/load-config.js';

/**
 * The database named by DATABASE_URL cannot be used. A ConfigError, so every entry point prints it as
 * its one line: the setting, host and port, and PostgreSQL's or the network's reason, never the password.
 */
export class DatabaseUnreachableError extends ConfigError {}

/**
 * Connects once and runs `SELECT 1` before anything else boots. Without it an unreachable server
 * meant TypeORM's ten silent retries and a stack trace that never said which setting was wrong.
 */
export async function probeDatabase(url: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // Swallowed here: a failed connect also emits 'error', which would otherwise crash the process.
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  // pg's own timeout covers the connection; this one also bounds a DNS lookup that never answers.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout expired')), timeoutMs + 1000);
  });
  try {
    await Promise.race([client.connect().then(() => client.query('SELECT 1')), deadline]);
  } catch (err) {
    throw new DatabaseUnreachableError(describeFailure(url, err, timeoutMs));
  } finally {
    clearTimeout(timer);
    void client.end().catch(() => undefined);
  }
}

/** One line: where (host:port, from the URL without its credentials) and why. */
export function describeFailure(url: string, err: unknown, timeoutMs: number): string {
  const where = endpointOf(url);
  const e = err as Error & { code?: string; errors?: Array<Error & { code?: string }> };
  // An SQLSTATE (five characters) means the server answered: wrong password, unknown database, ...
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && e.message) {
    return `The database at DATABASE_URL (${where}) refused the connection: ${scrub(e.message, url)}`;
  }
  const timedOut = /timeout|timed out/i.test(e.message ?? '');
  const reason = timedOut
    ? `no answer within ${formatSeconds(timeoutMs)} (DATABASE_CONNECT_TIMEOUT_MS)`
    : // Node reports a refused dual-stack connect as an AggregateError with an empty message.
      e.message || (e.errors?.[0]?.message ?? (e.code ? `connect ${e.code}` : String(err)));
  return `Cannot reach the database at DATABASE_URL (${where}): ${scrub(reason, url)}`;
}

function endpointOf(url: string): string {
  try {
    const u = new URL(url);
    const host = u.searchParams.get('host') ?? (u.hostname || 'localhost');
    return `${host}:${u.port || '5432'}`;
  } catch {
    return 'unparsable URL';
  }
}

/** PostgreSQL's messages do not carry the password; this makes sure no reason ever does. */
function scrub(text: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // an unparsable URL has no password to hide
  }
  return password ? text.split(password).join('***') : text;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
