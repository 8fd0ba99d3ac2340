/** Twilio's largest page: one listing request reads up to this many legs. */
export const LIST_PAGE_SIZE = 1000;
/**
 * What one page of a day's re-listing costs, in fetches by SID: it brings up to 1,000 legs to
 * compare and write. Measured by bench:sync --late-prices (100,000 calls, 2% priced late): a re-list
 * request took about 33 ms against 3 ms for a fetch, and re-listing every old day made the re-sync
 * 25.7 s against 3.3 s fetching by SID. So a day is re-listed only when that saves this many times
 * its requests; either way no late leg costs more than one request.
 */
export const RELIST_PAGE_COST = 10;

/** An old day of one workspace with legs still waiting for Twilio's price. */
export interface PendingDay {
  day: string;
  /** Unpriced legs that day (parents and child legs), least recently asked about first. */
  legs: Array<{ sid: string; child: boolean }>;
  /** Legs we hold that day per number and side: what re-listing the day would page through. */
  listed: Array<{ number: string; side: 'to' | 'from'; legs: number }>;
}

export type DayRevisit = { day: string; method: 'fetch'; requests: number; legs: PendingDay['legs'] } | { day: string; method: 'list'; requests: number };

/** Requests to re-list one day: every number, both sides, at least one page each. */
export function listingRequests(listed: PendingDay['listed'], numbers: string[]): number {
  const pages = new Map<string, number>();
  for (const l of listed) pages.set(`${l.side} ${l.number}`, Math.max(1, Math.ceil(l.legs / LIST_PAGE_SIZE)));
  let total = 0;
  for (const number of numbers) for (const side of ['to', 'from']) total += pages.get(`${side} ${number}`) ?? 1;
  return total;
}

/**
 * Per day, whichever costs less: each unpriced leg by SID, or the day listed again (its pages
 * weighed at RELIST_PAGE_COST); then as many days as the budget allows, in the order given (least
 * recently asked first). A day too big for what is left of the budget is fetched in part, by SID.
 */
export function planRevisits(days: PendingDay[], numbers: string[], budget: number): DayRevisit[] {
  const plan: DayRevisit[] = [];
  let left = budget;
  for (const d of days) {
    if (left <= 0) break;
    const list = listingRequests(d.listed, numbers);
    if (list * RELIST_PAGE_COST < d.legs.length && list <= left) {
      plan.push({ day: d.day, method: 'list', requests: list });
      left -= list;
    } else {
      const legs = d.legs.slice(0, left);
      plan.push({ day: d.day, method: 'fetch', requests: legs.length, legs });
      left -= legs.length;
    }
  }
  return plan;
}

/**
 * A run's revisit budget shared fairly: every workspace gets an equal share, and what one needs less
 * of goes to the others (water filling), so one workspace's backlog never starves the rest.
 */
export function fairShares(needs: Map<string, number>, budget: number): Map<string, number> {
  const shares = new Map<string, number>();
  let pending = [...needs.entries()].filter(([, n]) => n > 0).sort((a, b) => a[1] - b[1]);
  let left = budget;
  while (pending.length && left > 0) {
    const equal = Math.floor(left / pending.length);
    if (equal === 0) {
      // Fewer requests than workspaces: one each, smallest needs first.
      for (const [id] of pending.slice(0, left)) shares.set(id, (shares.get(id) ?? 0) + 1);
      break;
    }
    const [id, need] = pending[0];
    const given = Math.min(need, equal);
    if (given === need) {
      shares.set(id, (shares.get(id) ?? 0) + given);
      left -= given;
      pending = pending.slice(1);
      continue;
    }
    for (const [k] of pending) shares.set(k, (shares.get(k) ?? 0) + equal);
    left -= equal * pending.length;
    pending = pending.map(([k, n]) => [k, n - equal] as [string, number]).filter(([, n]) => n > 0);
  }
  return shares;
}
