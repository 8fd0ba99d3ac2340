export interface WindowSettings {
  backfillDays: number;
  overlapMinutes: number;
}

export interface SyncWindow {
  from: Date;
  to: Date;
}

/**
 * What one source reads this run: from its watermark less the overlap (late arrivals, clock skew),
 * or the backfill on a first run; pulled further back to `revisitFrom` (the oldest call still
 * waiting for its price) so that pending prices are picked up; up to the run's start.
 */
export function syncWindow(now: Date, watermark: Date | null, settings: WindowSettings, revisitFrom?: Date | null): SyncWindow {
  const from = watermark ? new Date(watermark.getTime() - settings.overlapMinutes * 60_000) : new Date(now.getTime() - settings.backfillDays * 86_400_000);
  const earliest = revisitFrom && revisitFrom < from ? revisitFrom : from;
  return { from: earliest, to: now };
}
