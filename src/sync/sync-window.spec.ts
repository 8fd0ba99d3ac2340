import { syncWindow } from './sync-window.js';

const now = new Date('2026-11-26T12:00:00Z');
const settings = { backfillDays: 90, overlapMinutes: 60 };

describe('syncWindow', () => {
  it('backfills the configured history on a first run', () => {
    expect(syncWindow(now, null, settings)).toEqual({ from: new Date('2026-08-28T12:00:00Z'), to: now });
  });

  it('re-reads the overlap before the watermark', () => {
    expect(syncWindow(now, new Date('2026-11-26T00:00:00Z'), settings).from).toEqual(new Date('2026-11-25T23:00:00Z'));
  });

  it('reaches back to the oldest call still waiting for its price', () => {
    const pending = new Date('2026-11-24T08:00:00Z');
    expect(syncWindow(now, new Date('2026-11-26T00:00:00Z'), settings, pending).from).toEqual(pending);
    // ...but never later than the overlap would.
    expect(syncWindow(now, new Date('2026-11-26T00:00:00Z'), settings, new Date('2026-11-26T11:00:00Z')).from).toEqual(new Date('2026-11-25T23:00:00Z'));
  });
});
