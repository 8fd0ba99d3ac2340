import { Injectable, Logger } from '@nestjs/common';
import { describeError } from '../common/errors.js';

export type SyncFinishedListener = (run: { id: string; status: string }) => Promise<void>;

/**
 * "After each sync" hook. Sync knows nothing of who listens (alerts, for one); a listener that fails
 * is logged and never turns a finished sync into a failed one.
 */
@Injectable()
export class SyncEvents {
  private readonly logger = new Logger('SyncEvents');
  private readonly listeners: SyncFinishedListener[] = [];

  onFinished(listener: SyncFinishedListener): void {
    this.listeners.push(listener);
  }

  async finished(run: { id: string; status: string }): Promise<void> {
    for (const listener of this.listeners) {
      await listener(run).catch((err: unknown) => this.logger.error(`after sync ${run.id}: ${describeError(err)}`));
    }
  }
}
