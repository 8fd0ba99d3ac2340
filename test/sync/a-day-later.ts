import type { DataSource } from 'typeorm';

/**
 * As if the next sync ran a day later: the times the sync last read or asked about each leg and
 * conversation move back a day, so the revisits' back-off (at most a day) lets them be asked again.
 * Shared by the ledger spec and bench:sync --late-prices.
 */
export async function aDayLater(ds: DataSource): Promise<void> {
  await ds.query(
    `UPDATE calls SET twilio_synced_at = twilio_synced_at - interval '1 day', twilio_price_checked_at = twilio_price_checked_at - interval '1 day',
                      elevenlabs_synced_at = elevenlabs_synced_at - interval '1 day', elevenlabs_checked_at = elevenlabs_checked_at - interval '1 day'`,
  );
  await ds.query(`UPDATE twilio_child_legs SET synced_at = synced_at - interval '1 day', price_checked_at = price_checked_at - interval '1 day'`);
}
