import type { Notice } from '../alerts/alert-notice.js';
import { alertBlocks } from './alert-blocks.js';
import { digestBlocks } from './digest-blocks.js';
import { ledgerDriftBlocks } from './ledger-drift-blocks.js';
import type { SlackMessage } from './slack.port.js';

/** A notice of the alerts module, worded in its language and laid out in Block Kit. */
export function noticeBlocks(notice: Notice): SlackMessage {
  // Alerts claimed before claims stored notices stored their Block Kit: one still pending goes out as it was.
  if (isBlockKit(notice)) return notice;
  switch (notice.kind) {
    case 'digest':
      return digestBlocks(notice);
    case 'ledgerDrift':
      return ledgerDriftBlocks(notice);
    default:
      return alertBlocks(notice);
  }
}

/** A stored notice's plain-text line (what the panel lists for an alert), or the stored text itself when it is no notice. */
export function noticeSummary(stored: string): string {
  try {
    return noticeBlocks(JSON.parse(stored) as Notice).text;
  } catch {
    return stored;
  }
}

function isBlockKit(n: object): n is SlackMessage {
  return !('kind' in n) && Array.isArray((n as Partial<SlackMessage>).blocks) && typeof (n as Partial<SlackMessage>).text === 'string';
}
