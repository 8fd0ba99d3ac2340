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
  /** Older than this, a leg or conversation still pending is asked about on its own, not re-listed with the window. */
  revisitBefore: Date;
  /** This workspace's share of the run's revisit requests, per vendor. */
  revisitBudget: { twilio: number; elevenlabs: number };
}
