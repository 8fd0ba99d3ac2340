import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config.js';

/** What a client told to come back later waits: long enough for a short export to finish. */
export const EXPORT_RETRY_AFTER_SECONDS = 5;

/**
 * The cap on downloads served at once (EXPORT_CONCURRENCY), shared by the API's and the panel's
 * export routes. Each download holds a pooled database connection for as long as its client reads,
 * so without a cap a dozen slow readers took the whole pool and the API stopped answering. Past the
 * cap a request gets 429 before it touches the database.
 */
@Injectable()
export class ExportGate {
  private running = 0;
  readonly limit: number;
  readonly idleTimeoutMs: number;

  constructor(config: AppConfig) {
    this.limit = config.exports.concurrency;
    this.idleTimeoutMs = config.exports.idleTimeoutMs;
  }

  /** Downloads being served now. */
  get active(): number {
    return this.running;
  }

  /**
   * Runs `download` in a slot, freed however it ends (complete, failed, client gone, dropped as
   * idle). Throws 429, with Retry-After set on `res`, when every slot is taken.
   */
  async run(res: Response, download: () => Promise<void>): Promise<void> {
    if (this.running >= this.limit) {
      res.setHeader('Retry-After', String(EXPORT_RETRY_AFTER_SECONDS));
      throw new HttpException(
        {
          statusCode: HttpStatus.TOO_MANY_REQUESTS,
          error: 'Too Many Requests',
          message: `${this.limit} exports are already running, the most served at once; retry in ${EXPORT_RETRY_AFTER_SECONDS} s`,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.running++;
    try {
      await download();
    } finally {
      this.running--;
    }
  }
}
