import { readdirSync, readFileSync } from 'node:fs';

// Issue #14: vendor words stop at the adapter. The alerts module says what to post (alert-notice.ts);
// Block Kit and Slack's mrkdwn are written in src/slack only.
const SLACK_WORDS: Array<[what: string, pattern: RegExp]> = [
  ['a Block Kit builder', /from '\.\.\/slack\/(costs-messages|[\w-]*blocks)\.js'|\bmrkdwn\b/],
  ['a Block Kit message', /\bSlackMessage\b|\bblocks\s*[:=]|\.blocks\b/],
  ['a Block Kit block', /type:\s*'(section|header|context|mrkdwn|plain_text)'/],
  ['Slack link markup', /<\$\{[^}]*\}\|/],
  ['Slack bold markup', /\*\$\{/],
];

describe('src/alerts', () => {
  const dir = new URL('.', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));

  it.each(SLACK_WORDS)('writes no %s', (_what, pattern) => {
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.filter((f) => pattern.test(readFileSync(new URL(f, dir), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
