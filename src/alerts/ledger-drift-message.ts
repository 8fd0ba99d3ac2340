import type { Lang } from '../slack/costs-command.parser.js';
import { context, header, section } from '../slack/costs-messages.js';
import type { SlackMessage } from '../slack/slack.port.js';
import { formatMoney } from '../slack/slack-i18n.js';

export interface LedgerDriftFacts {
  accountSid: string;
  day: string;
  twilioCost: string;
  ourCost: string;
  unclaimedCost: string;
  unexplained: string;
  ruleName: string;
  link: string;
}

const T = {
  es: {
    title: 'Descuadre con la factura de Twilio',
    line: (f: LedgerDriftFacts, m: (v: string) => string) =>
      `El *${f.day}* Twilio factura *${m(f.twilioCost)}* por las llamadas de la cuenta ${f.accountSid}; nuestras llamadas suman ${m(f.ourCost)} ` +
      `y los números sin workspace ${m(f.unclaimedCost)}. Quedan *${m(f.unexplained)} sin explicar* después de volver a listar el día.`,
    rule: 'Regla',
    open: 'Abrir la conciliación',
  },
  en: {
    title: "Twilio's bill does not match",
    line: (f: LedgerDriftFacts, m: (v: string) => string) =>
      `On *${f.day}* Twilio bills *${m(f.twilioCost)}* for the calls of account ${f.accountSid}; our calls add up to ${m(f.ourCost)} ` +
      `and numbers no workspace claims to ${m(f.unclaimedCost)}. *${m(f.unexplained)} is unexplained* after listing the day again.`,
    rule: 'Rule',
    open: 'Open the reconciliation',
  },
} as const;

/** What Twilio billed, what we hold, what is left, and where to look. */
export function ledgerDriftMessage(lang: Lang, f: LedgerDriftFacts): SlackMessage {
  const t = T[lang];
  const line = t.line(f, (v) => formatMoney(lang, v));
  return {
    text: `${t.title} · ${f.accountSid} · ${f.day}: ${line.replace(/\*/g, '')}`,
    blocks: [header(`⚠️ ${t.title} · ${f.day}`), section(line), context(`${t.rule}: ${f.ruleName} · <${f.link}|${t.open}>`)],
  };
}
