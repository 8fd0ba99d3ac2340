import type { CreditRateBook } from '../elevenlabs/credit-rate-book.js';
import type { Workspace } from '../entities/index.js';
import type { WorkspaceCredentials } from '../workspaces/workspaces.service.js';

/** Everything one workspace's sources need for one run. */
export interface WorkspaceSyncContext {
  runId: string;
  workspace: Workspace;
  credentials: WorkspaceCredentials;
  rates: CreditRateBook;
  /** The run's start: the upper end of every window, and the next watermark. */
  now: Date;
  signal: AbortSignal;
}
