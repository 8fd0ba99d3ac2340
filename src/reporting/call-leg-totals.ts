import type { EntityManager } from 'typeorm';

/**
 * A call's Twilio cost is the sum of its legs: the parent's own price and those of its child legs
 * (forwarded or conferenced). That sum lives here, with the reporting module's other money maths; the
 * sync calls it in the transaction that stored the legs, so a call's figure never lags its legs.
 *
 * What is priced so far is counted; the call's price is final once every leg is priced, and null only
 * while nothing at all is priced.
 */
export async function settleTwilioLegCosts(tx: EntityManager, parentSids: string[]): Promise<void> {
  if (!parentSids.length) return;
  await tx.query(
    `UPDATE calls c
        SET twilio_cost = k.total, twilio_price_final = k.final
       FROM (SELECT own.id,
                    CASE WHEN own.twilio_own_cost IS NULL AND ch.cost IS NULL THEN NULL
                         ELSE COALESCE(own.twilio_own_cost, 0) + COALESCE(ch.cost, 0) END AS total,
                    own.twilio_own_cost IS NOT NULL AND COALESCE(ch.priced, true) AS final
               FROM calls own
               -- Per call, through the parent index: a join of the whole batch to the child legs made the
               -- planner guess thousands of rows and scan every call (122 ms a page instead of 12 ms).
               CROSS JOIN LATERAL (SELECT sum(l.cost) AS cost, bool_and(l.cost IS NOT NULL) AS priced
                                     FROM twilio_child_legs l WHERE l.parent_call_sid = own.twilio_call_sid) ch
              WHERE own.twilio_call_sid = ANY($1::text[])) k
      WHERE c.id = k.id
        AND (c.twilio_cost, c.twilio_price_final) IS DISTINCT FROM (k.total, k.final)`,
    [[...parentSids].sort()],
  );
}
