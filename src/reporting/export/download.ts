import type { Logger } from '@nestjs/common';
import type { Response } from 'express';

/**
 * Streams a file download. Headers go out only once the request has proved good, so bad input still
 * gets a clean 400. A failure after that can only cut the connection, which the client sees as a
 * broken download rather than a complete-looking, corrupt file.
 */
export async function sendDownload(
  res: Response,
  type: string,
  filename: string,
  write: () => Promise<'complete' | 'aborted'>,
  logger: Pick<Logger, 'error'>,
): Promise<void> {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  try {
    await write();
  } catch (err) {
    logger.error(`export ${filename} failed after it began: ${err instanceof Error ? err.message : String(err)}`);
    res.destroy();
  }
}
