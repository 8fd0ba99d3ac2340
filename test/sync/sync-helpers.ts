import { Decimal } from 'decimal.js';
import request from 'supertest';
import type { TestApp } from '../support/test-app.js';
import type { SyncFixture } from './sync-fixture.js';

export interface Totals {
  calls: number;
  joined: number;
  twilio_cost: string;
  elevenlabs_cost: string;
  credits: string;
  unpriced: number;
}

export async function totals(t: TestApp, slug: string): Promise<Totals> {
  const [row] = await t.db.ds.query(
    `SELECT count(*)::int AS calls,
            count(*) FILTER (WHERE c.twilio_synced_at IS NOT NULL AND c.elevenlabs_synced_at IS NOT NULL)::int AS joined,
            COALESCE(sum(c.twilio_cost), 0)::text AS twilio_cost, COALESCE(sum(c.elevenlabs_cost), 0)::text AS elevenlabs_cost,
            COALESCE(sum(c.elevenlabs_credits), 0)::text AS credits,
            count(*) FILTER (WHERE c.twilio_synced_at IS NOT NULL AND NOT c.twilio_price_final)::int AS unpriced
       FROM calls c JOIN workspaces w ON w.id = c.workspace_id WHERE w.slug = $1`,
    [slug],
  );
  return row;
}

export async function createWorkspaces(t: TestApp, fx: SyncFixture) {
  for (const w of fx.workspaces) {
    await request(t.app.getHttpServer())
      .post('/api/workspaces')
      .set('Authorization', `Bearer ${t.config.secrets.apiToken}`)
      .send({ name: w.slug.toUpperCase(), slug: w.slug, twilioPhoneNumbers: w.numbers, elevenlabsApiKey: w.apiKey, elevenlabsAgentIds: w.agentIds })
      .expect(201);
  }
}

export async function syncAndWait(t: TestApp) {
  const server = t.app.getHttpServer();
  const auth = `Bearer ${t.config.secrets.apiToken}`;
  const started = await request(server).post('/api/sync').set('Authorization', auth).expect(202);
  for (;;) {
    const res = await request(server).get(`/api/sync/runs/${started.body.id}`).set('Authorization', auth).expect(200);
    if (res.body.status !== 'running') return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Exact decimal equality (numeric text from SQL has trailing zeros); shows both values when they differ. */
export function same(actual: string, expected: string): void {
  expect(new Decimal(actual).equals(expected) ? expected : actual).toBe(expected);
}
