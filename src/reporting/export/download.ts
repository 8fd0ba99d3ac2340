import type { Logger } from '@nestjs/common';
import type { Response } from 'express';

export interface DownloadOptions {
  /** A client that takes none of the file for this long is dropped (EXPORT_IDLE_TIMEOUT_MS). */
  idleTimeoutMs: number;
  logger: Pick<Logger, 'error' | 'warn'>;
}

/**
 * Streams a file download. Headers go out only once the request has proved good, so bad input still
 * gets a clean 400. A failure after that can only cut the connection, which the client sees as a
 * broken download rather than a complete-looking, corrupt file.
 *
 * An export reads the database only as fast as its client takes the file, holding a pooled
 * connection all along; a client that stops reading would hold it for ever. So a response whose
 * writes stay blocked for `idleTimeoutMs` is destroyed: the export sees its client gone, closes the
 * cursor and returns, which frees the connection (and the caller's export slot).
 */
export async function sendDownload(
  res: Response,
  type: string,
  filename: string,
  write: () => Promise<'complete' | 'aborted'>,
  { idleTimeoutMs, logger }: DownloadOptions,
): Promise<void> {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  const stopWatching = dropWhenStalled(res, idleTimeoutMs, () => {
    logger.warn(`export ${filename} dropped: its client took none of it for ${idleTimeoutMs} ms`);
    res.destroy();
  });
  try {
    await write();
  } catch (err) {
    logger.error(`export ${filename} failed after it began: ${err instanceof Error ? err.message : String(err)}`);
    res.destroy();
  } finally {
    stopWatching();
  }
}

/**
 * Calls `stall` once the response has had bytes waiting for its client, with none taken, for `idleMs`.
 * Waiting: a write was refused (backpressure, until 'drain'), or the response has ended but its last
 * bytes are not all handed over yet. Taken: a 'drain', or fewer bytes held than at the last look, so a
 * slow client that keeps reading is never dropped. Polled, as Node has no event for a refused write.
 */
function dropWhenStalled(res: Response, idleMs: number, stall: () => void): () => void {
  let since: number | null = null;
  let held = 0;
  const taken = () => (since = null);
  const look = () => {
    const waiting = res.writableNeedDrain || (res.writableEnded && !res.writableFinished);
    const now = res.writableLength;
    if (!waiting || now < held) since = null;
    else since ??= Date.now();
    held = now;
    if (since !== null && Date.now() - since >= idleMs) {
      stop();
      stall();
    }
  };
  const timer = setInterval(look, Math.max(50, Math.min(1000, Math.floor(idleMs / 5))));
  timer.unref();
  res.on('drain', taken);
  const stop = () => {
    clearInterval(timer);
    res.off('drain', taken);
  };
  return stop;
}
