import { mapLimit } from '../../src/common/limiter.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { ElevenlabsAdapter } from '../../src/elevenlabs/elevenlabs.adapter.js';
import { USAGE_SCOPES } from '../../src/entities/index.js';
import { TwilioAdapter } from '../../src/twilio/twilio.adapter.js';
import type { TwilioAccount } from '../../src/twilio/twilio.port.js';
import type { EmulatorsReady } from './emulators.child.js';

/** SyncService's WORKSPACE_CONCURRENCY (not exported): workspaces read side by side. */
const WORKSPACE_CONCURRENCY = 2;

export interface FloorResult {
  twilioPages: number;
  twilioLegs: number;
  conversationPages: number;
  conversations: number;
  details: number;
  usageDays: number;
  describe: string;
}

/**
 * The floor of a first sync: every request the sync makes, in the same shape and order, through the
 * app's own adapters and limits, but nothing written. Per workspace, Twilio calls to and from each
 * number (page after page) beside the conversation listing, each page's details fetched with
 * VENDOR_CONCURRENCY before the next page; then the account's daily usage.
 */
export async function pageThroughVendors(config: AppConfig, emulators: EmulatorsReady): Promise<FloorResult> {
  const twilio = new TwilioAdapter(config);
  const elevenlabs = new ElevenlabsAdapter(config);
  const account: TwilioAccount = { accountSid: emulators.accountSid, authToken: emulators.authToken };
  const now = new Date();
  const window = { startedAfter: new Date(now.getTime() - config.sync.backfillDays * 86_400_000), startedBefore: now };
  const r = { twilioPages: 0, twilioLegs: 0, conversationPages: 0, conversations: 0, details: 0, usageDays: 0 };

  await mapLimit(emulators.workspaces, WORKSPACE_CONCURRENCY, async (w) => {
    const calls = async () => {
      for (const number of w.numbers) {
        for (const side of ['to', 'from'] as const) {
          await twilio.listCalls(account, { number, side, ...window }, (legs) => {
            r.twilioPages++;
            r.twilioLegs += legs.length;
            return Promise.resolve();
          });
        }
      }
    };
    const conversations = async () => {
      const agents = w.agentIds.length ? w.agentIds : [undefined];
      for (const agentId of agents) {
        await elevenlabs.listConversations(w.apiKey, { agentId, ...window }, async (page) => {
          r.conversationPages++;
          r.conversations += page.length;
          const details = await mapLimit(page, config.vendor.concurrency, (c) => elevenlabs.getConversation(w.apiKey, c.id));
          r.details += details.length;
        });
      }
    };
    await Promise.all([calls(), conversations()]);
  });
  const usage = await twilio.listDailyUsage(account, { startDate: window.startedAfter.toISOString().slice(0, 10), endDate: now.toISOString().slice(0, 10) }, USAGE_SCOPES);
  r.usageDays = usage.length;
  const n = (x: number) => x.toLocaleString('en-US');
  const describe =
    `Twilio ${n(r.twilioPages)} pages / ${n(r.twilioLegs)} legs, ElevenLabs ${n(r.conversationPages)} pages / ` +
    `${n(r.conversations)} listed / ${n(r.details)} details, ${n(r.usageDays)} usage days`;
  return { ...r, describe };
}
