import type { LedgerDriftNotice } from '../alerts/alert-notice.js';
import { context, header, section } from './costs-messages.js';
import type { SlackMessage } from './slack.port.js';
import { formatMoney } from './slack-i18n.js';

const T = {
  es: {
    title: 'Descuadre con la factura de Twilio',
    line: (f: LedgerDriftNotice, m: (v: string) => string) =>
      `El *${f.day}* Twilio factura *${m(f.twilioCost)}* por las llamadas de la cuenta ${f.accountSid}; nuestras llamadas suman ${m(f.ourCost)} ` +
      `y los números sin workspace ${m(f.unclaimedCost)}. Quedan *${m(f.unexplained)} sin explicar* después de volver a listar el día.`,
    rule: 'Regla',
    open: 'Abrir la conciliación',
  },
  en: {
    title: "Twilio's bill does not match",
    line: (f: LedgerDriftNotice, m: (v: string) => string) =>
      `On *${f.day}* Twilio bills *${m(f.twilioCost)}* for the calls of account ${f.accountSid}; our calls add up to ${m(f.ourCost)} ` +
      `and numbers no workspace claims to ${m(f.unclaimedCost)}. *${m(f.unexplained)} is unexplained* after listing the day again.`,
    rule: 'Rule',
    open: 'Open the reconciliation',
  },
} as const;

/** What Twilio billed, what we hold, what is left, and where to look, in Block Kit. */
export function ledgerDriftBlocks(n: LedgerDriftNotice): SlackMessage {
  const t = T[n.lang];
  const line = t.line(n, (v) => formatMoney(n.lang, v));
  return {
    text: `${t.title} · ${n.accountSid} · ${n.day}: ${line.replace(/\*/g, '')}`,
    blocks: [header(`⚠️ ${t.title} · ${n.day}`), section(line), context(`${t.rule}: ${n.ruleName} · <${n.link}|${t.open}>`)],
  };
}
