import { createHash } from 'node:crypto';
import { generateElevenlabsDataset, type ElevenlabsTwilioCallLink } from '../emulators/elevenlabs/elevenlabs.dataset.js';
import type { ElevenlabsConversation } from '../emulators/elevenlabs/elevenlabs.emulator.js';
import { generateTwilioDataset } from '../emulators/twilio/twilio.dataset.js';
import type { EmulatedCall } from '../emulators/twilio/twilio.store.js';
import type { DemoWorkspace } from './demo-workspaces.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** One Twilio account for every workspace, as an agency running its customers' numbers would have. */
export const DEMO_TWILIO_ACCOUNT_SID = `AC${createHash('md5').update('simbiosia-demo').digest('hex')}`;
export const DEMO_TWILIO_AUTH_TOKEN = 'demo-twilio-auth-token-not-a-secret';

export interface DemoWorkspaceData {
  workspace: DemoWorkspace;
  elevenlabsApiKey: string;
  calls: EmulatedCall[];
  conversations: ElevenlabsConversation[];
  stats: { parentCalls: number; childLegs: number; unpricedLegs: number; conversations: number; widget: number; withCostFiat: number };
}

export interface DemoDatasetOptions {
  days: number;
  /** Last day covered (UTC). */
  endDate: Date;
  /** Calls of the last hours still waiting for Twilio's price; older ones are priced. */
  unpricedWithinHours?: number;
}

/**
 * A fixed history per workspace (the same seed gives the same SIDs on every run, so a re-run of the
 * demo updates rows rather than adding them), reshaped so calls follow local weekdays and office hours.
 */
export function generateDemoData(workspace: DemoWorkspace, options: DemoDatasetOptions): DemoWorkspaceData {
  const endDate = options.endDate.toISOString().slice(0, 10);
  const twilio = generateTwilioDataset({
    seed: `demo-${workspace.slug}`,
    accountSid: DEMO_TWILIO_ACCOUNT_SID,
    numbers: workspace.twilioPhoneNumbers,
    calls: workspace.calls,
    days: options.days,
    endDate,
    unpricedShare: 0.3,
    childLegShare: workspace.transferShare,
    outboundShare: workspace.outboundShare,
  });
  const { start, end } = twilio.window;
  const parents = twilio.calls.filter((c) => !c.parentCallSid);

  // Answered calls reach the agent; busy and unanswered ones leave no conversation.
  const links: ElevenlabsTwilioCallLink[] = parents
    .filter((c, i) => c.status === 'completed' && i % 25 !== 0)
    .map((c) => ({
      callSid: c.sid,
      startTimeUnixSecs: Math.floor(c.startTime.getTime() / 1000),
      durationSecs: c.durationSeconds,
      direction: c.direction === 'inbound' ? 'inbound' : 'outbound',
      agentNumber: c.direction === 'inbound' ? c.to : c.from,
      externalNumber: c.direction === 'inbound' ? c.from : c.to,
    }));
  const widget = Math.round(links.length * workspace.widgetShare);
  const elevenlabs = generateElevenlabsDataset({
    seed: `demo-${workspace.slug}-convai`,
    agentIds: workspace.elevenlabsAgentIds,
    conversations: links.length + widget,
    days: options.days,
    endDate: end,
    // Conversations before the vendor started reporting cost_fiat are priced from credits.
    withFiatShare: 0.7,
    phoneShare: 0.05,
    callSids: links,
  });

  // One monotone map for both vendors: a call and its conversation keep the same start time.
  const shape = officeHoursShape(workspace, start.getTime(), end.getTime());
  reshapeCalls(twilio.calls, shape);
  for (const c of elevenlabs.conversations) {
    const at = shapeSeconds(shape, c.metadata.start_time_unix_secs);
    c.metadata.start_time_unix_secs = at;
    c.metadata.accepted_time_unix_secs = at;
  }
  const pricedBefore = end.getTime() - (options.unpricedWithinHours ?? 24) * HOUR_MS;
  for (const call of twilio.calls) {
    if (call.price === null && call.startTime.getTime() < pricedBefore) {
      call.price = call.pendingPrice ?? null;
      delete call.pendingPrice;
    }
  }

  return {
    workspace,
    elevenlabsApiKey: `xi-demo-${workspace.slug}`,
    calls: twilio.calls,
    conversations: elevenlabs.conversations,
    stats: {
      parentCalls: parents.length,
      childLegs: twilio.calls.length - parents.length,
      unpricedLegs: twilio.calls.filter((c) => c.price === null).length,
      conversations: elevenlabs.conversations.length,
      widget: elevenlabs.facts.filter((f) => f.phoneType === null).length,
      withCostFiat: elevenlabs.totals.costFiatCount,
    },
  };
}

type Shape = (ms: number) => number;

/** Parents move to their new time; a child leg moves with its parent. */
function reshapeCalls(calls: EmulatedCall[], shape: Shape): void {
  const shift = new Map<string, number>();
  const move = (call: EmulatedCall, delta: number) => {
    call.startTime = new Date(call.startTime.getTime() + delta);
    if (call.endTime) call.endTime = new Date(call.endTime.getTime() + delta);
    if (call.dateCreated) call.dateCreated = new Date(call.dateCreated.getTime() + delta);
    if (call.dateUpdated) call.dateUpdated = new Date(call.dateUpdated.getTime() + delta);
  };
  for (const call of calls) {
    if (call.parentCallSid) continue;
    const from = call.startTime.getTime();
    const delta = shapeSeconds(shape, from / 1000) * 1000 - from;
    shift.set(call.sid, delta);
    move(call, delta);
  }
  for (const call of calls) {
    if (call.parentCallSid) move(call, shift.get(call.parentCallSid) ?? 0);
  }
}

function shapeSeconds(shape: Shape, seconds: number): number {
  return Math.floor(shape(seconds * 1000) / 1000);
}

/**
 * Maps times spread evenly over [start, end) onto the same window weighted by local weekday, hour of
 * day and a gentle growth (more calls as the business adopts the agent). The map is monotone (an
 * inverse CDF over hourly bins), so order in time, and with it "only the newest conversations carry
 * cost_fiat", survives.
 */
function officeHoursShape(workspace: DemoWorkspace, start: number, end: number): Shape {
  const bins = Math.max(1, Math.round((end - start) / HOUR_MS));
  const local = new Intl.DateTimeFormat('en-US', { timeZone: workspace.timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
  const weekdayIndex: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
  const cumulative = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) {
    const parts = local.formatToParts(new Date(start + i * HOUR_MS + HOUR_MS / 2));
    const day = weekdayIndex[parts.find((p) => p.type === 'weekday')!.value];
    const hour = Number(parts.find((p) => p.type === 'hour')!.value) % 24;
    const growth = 0.85 + (0.3 * i) / bins;
    cumulative[i + 1] = cumulative[i] + workspace.weekdays[day] * workspace.hours[hour] * growth;
  }
  const total = cumulative[bins];
  return (ms) => {
    const target = ((ms - start) / (end - start)) * total;
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (cumulative[mid] <= target) lo = mid;
      else hi = mid - 1;
    }
    const width = cumulative[lo + 1] - cumulative[lo];
    const within = width > 0 ? Math.min(1, (target - cumulative[lo]) / width) : 0;
    return Math.min(end - 1000, start + (lo + within) * HOUR_MS);
  };
}

/** Midnight UTC at the start of today: the demo's history ends the day before. */
export function yesterdayUtc(now = new Date()): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - DAY_MS);
}
