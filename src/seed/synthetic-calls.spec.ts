import { Prng } from './prng.js';
import { CallStatus } from '../entities/index.js';
import { DEFAULT_CREDIT_RATE_MICROS, formatMicros, generateCalls, SHARES, syntheticWorkspaces, type SyntheticCall } from './synthetic-calls.js';

const END = new Date('2026-03-01T12:34:56.789Z');
const DAYS = 30;
const COUNT = 40_000;

function run(seed = 7, calls = COUNT): SyntheticCall[] {
  return [...generateCalls({ seed, workspaces: syntheticWorkspaces(8, seed), calls, days: DAYS, end: END })];
}

const calls = run();
const share = (test: (c: SyntheticCall) => boolean) => calls.filter(test).length / calls.length;

describe('synthetic calls', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(run(7, 2000)).toEqual(run(7, 2000));
    expect(syntheticWorkspaces(8, 7)).toEqual(syntheticWorkspaces(8, 7));
    expect(run(8, 2000)).not.toEqual(run(7, 2000));
  });

  it('gives exactly the number asked for, in start order, in whole seconds inside the window', () => {
    expect(calls).toHaveLength(COUNT);
    const end = Math.floor(END.getTime() / 1000) * 1000;
    const start = end - DAYS * 86_400_000;
    expect(calls.filter((c) => c.startedAt < start || c.startedAt >= end || c.startedAt % 1000 !== 0)).toEqual([]);
    expect(calls.filter((c, i) => i > 0 && c.startedAt < calls[i - 1].startedAt)).toEqual([]);
  });

  it('keeps the unmatched, web and unpriced shares near their targets', () => {
    expect(share((c) => c.direction === 'web')).toBeCloseTo(SHARES.web, 2);
    expect(share((c) => c.twilioCallSid !== null && c.elevenlabsConversationId === null)).toBeCloseTo(SHARES.twilioOnly, 2);
    const unpriced = calls.filter((c) => c.twilioCallSid !== null && c.twilioCost === null);
    expect(unpriced.length / calls.length).toBeGreaterThan(0.015);
    expect(unpriced.length / calls.length).toBeLessThan(0.025);
    // Unpriced means the most recent calls, and only those.
    const firstUnpriced = calls.indexOf(unpriced[0]);
    expect(firstUnpriced).toBeGreaterThanOrEqual(COUNT * 0.97);
    expect(unpriced.every((c) => !c.twilioPriceFinal && c.twilioPriceUnit === 'USD')).toBe(true);
    expect(share((c) => c.elevenlabsCostEstimated)).toBeLessThan(0.02);
    expect(share((c) => c.status !== CallStatus.Completed)).toBeGreaterThan(0.01);
    expect(share((c) => c.status !== CallStatus.Completed)).toBeLessThan(0.1);
  });

  it('writes money as exact decimals with at most six places', () => {
    const money = /^\d+\.\d{6}$/;
    const amounts = calls.flatMap((c) => [c.twilioCost, c.elevenlabsCost]).filter((a) => a !== null);
    expect(amounts.length).toBeGreaterThan(COUNT);
    expect(amounts.filter((a) => !money.test(a))).toEqual([]);
    expect(calls.filter((c) => c.elevenlabsCredits !== null && !/^\d+$/.test(c.elevenlabsCredits))).toEqual([]);
    // Twilio prices carry five decimals; the sixth is always 0.
    expect(calls.every((c) => c.twilioCost === null || c.twilioCost.endsWith('0'))).toBe(true);
    expect(formatMicros(8_500)).toBe('0.008500');
    expect(formatMicros(12_345_678)).toBe('12.345678');
    expect(() => formatMicros(0.5)).toThrow();
  });

  it('bills a minute started as a minute, and nothing for calls that never connected', () => {
    const zero = (a: string | null) => a === null || a === '0.000000';
    const failed = calls.filter((c) => c.status !== CallStatus.Completed);
    expect(failed.filter((c) => c.durationSeconds !== 0 || !zero(c.twilioCost) || !zero(c.elevenlabsCost))).toEqual([]);
    const completed = calls.filter((c) => c.status === CallStatus.Completed);
    expect(completed.filter((c) => c.durationSeconds < 20 || c.durationSeconds > 1200)).toEqual([]);
    // 61 s is two started minutes at the workspace's per-minute price.
    const sample = completed.find((c) => c.durationSeconds === 61 && c.twilioCost !== null)!;
    const ws = syntheticWorkspaces(8, 7)[sample.workspace];
    const price5 = sample.direction === 'inbound' ? ws.inboundPrice5 : ws.outboundPrice5;
    expect(sample.twilioCost).toBe(formatMicros(2 * price5 * 10));
  });

  it('uses unique, vendor-shaped ids and puts the workspace number on the right side', () => {
    const sids = calls.flatMap((c) => (c.twilioCallSid ? [c.twilioCallSid] : []));
    expect(new Set(sids).size).toBe(sids.length);
    expect(sids.every((s) => /^CA[0-9a-f]{32}$/.test(s))).toBe(true);
    const convs = calls.flatMap((c) => (c.elevenlabsConversationId ? [c.elevenlabsConversationId] : []));
    expect(new Set(convs).size).toBe(convs.length);
    expect(convs.every((s) => /^conv_[0-9a-z]{26}$/.test(s))).toBe(true);

    const workspaces = syntheticWorkspaces(8, 7);
    const e164 = /^\+[1-9]\d{9,14}$/;
    const web = calls.filter((c) => c.direction === 'web');
    expect(web.filter((c) => c.twilioCallSid !== null || c.fromNumber !== null || c.toNumber !== null)).toEqual([]);
    const phone = calls.filter((c) => c.direction !== 'web');
    expect(phone.filter((c) => !e164.test(c.fromNumber!) || !e164.test(c.toNumber!))).toEqual([]);
    const own = (c: SyntheticCall) => (c.direction === 'inbound' ? c.toNumber! : c.fromNumber!);
    expect(phone.filter((c) => !workspaces[c.workspace].phoneNumbers.includes(own(c)))).toEqual([]);
    expect(calls.filter((c) => c.agentId !== null && !workspaces[c.workspace].agentIds.includes(c.agentId))).toEqual([]);
  });

  it('breaks the credits down into language model and call, adding up exactly, with the language model priced in dollars', () => {
    const charged = calls.filter((c) => c.elevenlabsCredits !== null);
    expect(charged.length).toBeGreaterThan(0);
    const parts = (c: SyntheticCall) => BigInt(c.elevenlabsLlmCredits!) + BigInt(c.elevenlabsCallCredits!);
    expect(charged.filter((c) => parts(c) !== BigInt(c.elevenlabsCredits!))).toEqual([]);
    expect(charged.filter((c) => !/^0\.\d+$/.test(c.elevenlabsLlmCostUsd ?? ''))).toEqual([]);
    // Where the vendor gave no credits, there is no breakdown either.
    expect(calls.filter((c) => c.elevenlabsCredits === null && (c.elevenlabsLlmCredits ?? c.elevenlabsCallCredits ?? c.elevenlabsLlmCostUsd) !== null)).toEqual([]);
  });

  it('names the rule behind each ElevenLabs cost, and a credit-rate cost is credits times the rate', () => {
    const conversations = calls.filter((c) => c.elevenlabsConversationId !== null);
    expect(conversations.filter((c) => c.elevenlabsCostBasis === null)).toEqual([]);
    expect(conversations.filter((c) => (c.elevenlabsCostBasis === 'estimate') !== c.elevenlabsCostEstimated)).toEqual([]);
    const byRate = conversations.filter((c) => c.elevenlabsCostBasis === 'credit_rate');
    expect(byRate.length).toBeGreaterThan(0);
    const micros = (amount: string) => BigInt(amount.replace('.', ''));
    const wrong = byRate.filter((c) => micros(c.elevenlabsCost!) !== BigInt(c.elevenlabsCredits!) * BigInt(DEFAULT_CREDIT_RATE_MICROS));
    expect(wrong).toEqual([]);
    expect(calls.filter((c) => c.elevenlabsConversationId === null && c.elevenlabsCostBasis !== null)).toEqual([]);
  });

  it('follows office hours and weekdays, and gives every workspace a different volume', () => {
    const byHour = new Array(24).fill(0);
    const byWeekday = new Array(7).fill(0);
    const byWorkspace = new Map<number, number>();
    for (const c of calls) {
      const d = new Date(c.startedAt);
      byHour[d.getUTCHours()]++;
      byWeekday[d.getUTCDay()]++;
      byWorkspace.set(c.workspace, (byWorkspace.get(c.workspace) ?? 0) + 1);
    }
    expect(byHour[10]).toBeGreaterThan(5 * byHour[3]);
    expect(byWeekday[3]).toBeGreaterThan(2 * byWeekday[0]);
    const volumes = [...byWorkspace.values()].sort((a, b) => a - b);
    expect(volumes[volumes.length - 1]).toBeGreaterThan(2 * volumes[0]);
  });

  it('draws the same sequence from a Prng seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const draws = Array.from({ length: 5 }, () => a.uint32());
    expect(draws).toEqual(Array.from({ length: 5 }, () => b.uint32()));
    expect(new Set(draws).size).toBe(5);
  });
});
