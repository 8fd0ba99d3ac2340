import type { AlertNotice, LedgerDriftNotice } from '../alerts/alert-notice.js';
import { AlertMetric, AlertPeriod } from '../entities/alert-rule.entity.js';
import { noticeBlocks, noticeSummary } from './notice-blocks.js';
import type { SlackMessage } from './slack.port.js';
import { formatMoney } from './slack-i18n.js';

const texts = (m: SlackMessage) => m.blocks.map((b) => JSON.stringify(b));
// Money as the shared formatter writes it (es-ES puts a no-break space before US$).
const es = (v: string, decimals?: number) => formatMoney('es', v, decimals);
const en = (v: string) => formatMoney('en', v);

const base = { lang: 'es', metric: AlertMetric.TotalCost, ruleName: 'Presupuesto', workspace: null, link: 'https://bo.example.com/admin' } as const;

describe('noticeBlocks', () => {
  it('words a threshold alert, ranks workspaces and links the panel', () => {
    const notice: AlertNotice = {
      ...base,
      kind: 'threshold',
      period: { unit: AlertPeriod.Month, from: '2026-11-01', to: '2026-11-26', key: '2026-11' },
      tier: 80,
      value: '130',
      budget: '150',
      contributors: [
        { kind: 'workspace', name: 'ACME', value: '100.005' },
        { kind: 'workspace', name: 'GLOBEX', value: '29.995' },
      ],
    };
    const m = noticeBlocks(notice);
    expect(m.text).toBe(
      `Alerta de costes · todos los workspaces: Coste total de este mes (2026-11: 2026-11-01 → 2026-11-26) ha alcanzado el 80 % del presupuesto: ${es('130')} de ${es('150')} (86,7 %), ${es('10')} por encima de la línea del 80 % (${es('120')}).`,
    );
    expect(m.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: '⚠️ Alerta de costes · todos los workspaces', emoji: true } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*Coste total* de este mes (2026-11: 2026-11-01 → 2026-11-26) ha alcanzado el *80 %* del presupuesto: *${es('130')}* de ${es('150')} (86,7 %), ${es('10')} por encima de la línea del 80 % (${es('120')}).`,
        },
      },
      { type: 'section', text: { type: 'mrkdwn', text: `*Quién más contribuye*\n1. ACME — ${es('100.005')}\n2. GLOBEX — ${es('29.995')}` } },
      // A notice stored before rules had a currency was in US dollars.
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Regla: Presupuesto · importes en USD · <https://bo.example.com/admin|Abrir el panel>' }] },
    ]);
  });

  it("writes every amount of a rule's notice in the rule's currency, and names it", () => {
    const notice: AlertNotice = {
      ...base,
      lang: 'en',
      currency: 'EUR',
      kind: 'forecast',
      month: '2026-11',
      forecast: '200',
      budget: '150',
      actual: '130',
      daysElapsed: '26',
      daysInMonth: 30,
      contributors: [{ kind: 'workspace', name: 'ACME', value: '100.005' }],
    };
    const m = noticeBlocks(notice);
    expect(m.text).toBe(
      'Cost alert · all workspaces: Total cost: the month-end forecast (2026-11) is €200.00, €50.00 over the budget of €150.00 (133.3%). So far €130.00 in 26.0 of 30 days.',
    );
    expect(texts(m).slice(2)).toEqual([
      JSON.stringify({ type: 'section', text: { type: 'mrkdwn', text: '*Top contributors*\n1. ACME — €100.01' } }),
      JSON.stringify({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Rule: Presupuesto · amounts in EUR · <https://bo.example.com/admin|Open the panel>' }] }),
    ]);
  });

  it("lists a workspace's costliest calls by UTC minute, agent, rounded minutes and cost", () => {
    const notice: AlertNotice = {
      ...base,
      lang: 'en',
      workspace: 'ACME',
      kind: 'spike',
      day: '2026-11-26',
      value: '10',
      average: '1',
      multiplier: '3',
      contributors: [{ kind: 'call', startedAt: '2026-11-26T09:41:17.123Z', agentId: null, durationSeconds: 95, totalCost: '0.512721' }],
    };
    expect(texts(noticeBlocks(notice)).slice(1, 3)).toEqual([
      JSON.stringify({
        type: 'section',
        text: { type: 'mrkdwn', text: `*Total cost* on 2026-11-26 is *${en('10')}*, 10.0× the daily average of the 7 days before (${en('1')}; threshold 3.0×).` },
      }),
      JSON.stringify({ type: 'section', text: { type: 'mrkdwn', text: `*Top contributors*\n• 2026-11-26 09:41 UTC · — · 2 min · ${en('0.512721')}` } }),
    ]);
  });

  it('signs a cost-per-minute drift with a true minus and leaves out an empty contributor list', () => {
    const m = noticeBlocks({ ...base, kind: 'drift', day: '2026-11-26', value: '0.04', average: '0.1', drift: '-60.00', limit: '25', contributors: [] });
    expect(m.blocks).toHaveLength(3);
    expect(m.blocks[1]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Coste por minuto* del 2026-11-26 es *${es('0.04', 4)}*, −60,0 % frente a la media de los 7 días anteriores (${es('0.1', 4)}; margen ±25 %).`,
      },
    });
  });

  it('words a ledger drift with its account, day and reconciliation link', () => {
    const notice: LedgerDriftNotice = {
      kind: 'ledgerDrift',
      lang: 'en',
      accountSid: 'AC123',
      day: '2026-11-20',
      twilioCost: '10.5',
      ourCost: '8',
      unclaimedCost: '1',
      unexplained: '1.5',
      ruleName: 'Ledger',
      link: 'https://bo.example.com/r',
    };
    const m = noticeBlocks(notice);
    expect(m.text).toBe(
      `Twilio's bill does not match · AC123 · 2026-11-20: On 2026-11-20 Twilio bills ${en('10.5')} for the calls of account AC123; our calls add up to ${en('8')} ` +
        `and numbers no workspace claims to ${en('1')}. ${en('1.5')} is unexplained after listing the day again.`,
    );
    expect(m.blocks[2]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Rule: Ledger · <https://bo.example.com/r|Open the reconciliation>' }] });
  });

  it('posts a claim stored as Block Kit by the previous release as it was', () => {
    const stored = { text: 'old', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'old' } }] };
    expect(noticeBlocks(stored as never)).toBe(stored);
  });

  it("summarises a stored notice by Slack's plain-text line, and anything else by what is stored", () => {
    const notice: AlertNotice = { ...base, lang: 'en', kind: 'spike', day: '2026-11-26', value: '10', average: '1', multiplier: '3', contributors: [] };
    expect(noticeSummary(JSON.stringify(notice))).toBe(
      `Cost alert · all workspaces: Total cost on 2026-11-26 is ${en('10')}, 10.0× the daily average of the 7 days before (${en('1')}; threshold 3.0×).`,
    );
    expect(noticeSummary(JSON.stringify({ text: 'old', blocks: [] }))).toBe('old');
    expect(noticeSummary('not json')).toBe('not json');
    expect(noticeSummary('{"kind":"threshold"}')).toBe('{"kind":"threshold"}');
  });
});
