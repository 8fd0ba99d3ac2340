import { fairShares, listingRequests, planRevisits, type PendingDay } from './revisit-plan.js';

const legs = (n: number) => Array.from({ length: n }, (_, i) => ({ sid: `CA${i}`, child: false }));

describe('planRevisits', () => {
  const numbers = ['+34900000001', '+34900000002'];

  it('fetches by SID when a day has fewer unpriced legs than re-listing would take', () => {
    const days: PendingDay[] = [{ day: '2026-10-01', legs: legs(3), listed: [] }];
    expect(planRevisits(days, numbers, 100)).toEqual([{ day: '2026-10-01', method: 'fetch', requests: 3, legs: legs(3) }]);
  });

  it('re-lists a day when that saves many requests against fetching each leg', () => {
    const days: PendingDay[] = [{ day: '2026-10-01', legs: legs(100), listed: [{ number: numbers[0], side: 'to', legs: 2500 }] }];
    // 3 pages for +1 to, one page for each of the other three number-sides: 6 requests for 100 legs.
    expect(planRevisits(days, numbers, 200)).toEqual([{ day: '2026-10-01', method: 'list', requests: 6 }]);
  });

  it('fetches by SID when re-listing saves requests but reads far more legs than it settles', () => {
    // 6 pages of up to 1,000 legs each to settle 40 legs: 40 fetches are quicker.
    const days: PendingDay[] = [{ day: '2026-10-01', legs: legs(40), listed: [{ number: numbers[0], side: 'to', legs: 2500 }] }];
    expect(planRevisits(days, numbers, 100)).toMatchObject([{ day: '2026-10-01', method: 'fetch', requests: 40 }]);
  });

  it('stops at the budget, fetching part of the last day', () => {
    const days: PendingDay[] = [
      { day: '2026-10-01', legs: legs(3), listed: [] },
      { day: '2026-10-02', legs: legs(3), listed: [] },
    ];
    const plan = planRevisits(days, numbers, 4);
    expect(plan.map((p) => [p.day, p.method, p.requests])).toEqual([
      ['2026-10-01', 'fetch', 3],
      ['2026-10-02', 'fetch', 1],
    ]);
    expect(plan.reduce((n, p) => n + p.requests, 0)).toBe(4);
  });

  it('counts one page per number and side even on a day with nothing listed', () => {
    expect(listingRequests([], numbers)).toBe(4);
  });
});

describe('fairShares', () => {
  it('gives a small need all it asks and shares the rest equally', () => {
    const shares = fairShares(
      new Map([
        ['a', 10],
        ['b', 1000],
        ['c', 1000],
      ]),
      300,
    );
    expect(Object.fromEntries(shares)).toEqual({ a: 10, b: 145, c: 145 });
  });

  it('never gives more than the budget, nor more than a workspace needs', () => {
    const needs = new Map([
      ['a', 7],
      ['b', 3],
      ['c', 0],
    ]);
    const shares = fairShares(needs, 100);
    expect(Object.fromEntries(shares)).toEqual({ a: 7, b: 3 });
    const tight = fairShares(
      new Map([
        ['a', 50],
        ['b', 50],
        ['c', 50],
      ]),
      2,
    );
    expect([...tight.values()].reduce((x, y) => x + y, 0)).toBe(2);
  });
});
