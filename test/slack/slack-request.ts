import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'emulated-signing-secret-0123456789abcdef';

/** The settings that point the app's Slack (bot token, signing secret, Web API URL) at the emulator. */
export function slackEnv(slack: { botToken: string; apiUrl: string }): Record<string, string> {
  return { SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl };
}
export const ALLOWED_USER = 'U0ALLOWED1';

export interface SlashOptions {
  secret?: string;
  /** Seconds since the epoch written in the request; default now. */
  timestamp?: number;
  signed?: boolean;
  userId?: string;
  channelId?: string;
  responseUrl?: string;
  path?: string;
}

/** A slash command as Slack sends it: form-encoded, signed v0 HMAC-SHA256 of `v0:<ts>:<body>`. */
export function slashCommand(text: string, o: SlashOptions = {}): { path: string; body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0EMULATED',
    team_domain: 'emulated',
    channel_id: o.channelId ?? 'C0COSTS01',
    channel_name: 'costs',
    user_id: o.userId ?? ALLOWED_USER,
    user_name: 'finance',
    command: '/costs',
    text,
    api_app_id: 'A0COSTSAPP',
    response_url: o.responseUrl ?? 'http://127.0.0.1:9/unused',
    trigger_id: '123.456.abc',
  }).toString();
  const ts = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (o.signed !== false) {
    headers['x-slack-request-timestamp'] = ts;
    headers['x-slack-signature'] = `v0=${createHmac('sha256', o.secret ?? SIGNING_SECRET)
      .update(`v0:${ts}:${body}`)
      .digest('hex')}`;
  }
  return { path: o.path ?? '/slack/events', body, headers };
}

/** Posts it to the app with fetch (as Slack would), timing the answer. */
export async function sendSlash(baseUrl: string, text: string, o: SlashOptions = {}) {
  const { path, body, headers } = slashCommand(text, o);
  const started = performance.now();
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body });
  const raw = await res.text();
  const ms = performance.now() - started;
  return { status: res.status, ms, body: raw ? (safeJson(raw) as SlackReply) : null };
}

export interface SlackReply {
  response_type?: string;
  text: string;
  blocks?: Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<{ text: string }> }>;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Every text in the reply's blocks, in order: what a reader sees. */
export function visibleText(reply: SlackReply): string {
  const out: string[] = [];
  for (const b of reply.blocks ?? []) {
    if (b.text) out.push(b.text.text);
    for (const f of b.fields ?? []) out.push(f.text);
    for (const e of b.elements ?? []) out.push(e.text);
  }
  return out.join('\n');
}

/** The field groups (calls, minutes, Twilio, ElevenLabs, total, cost/min) of the reply, in order. */
export function fieldGroups(reply: SlackReply): string[][] {
  return (reply.blocks ?? []).filter((b) => b.fields).map((b) => b.fields!.map((f) => f.text));
}
