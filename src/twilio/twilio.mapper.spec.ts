import { CallDirection } from '../entities/index.js';
import { toCallRecord, toCost, toUsageDay } from './twilio.mapper.js';

describe('twilio mapper', () => {
  it('turns a negative Twilio price into a positive cost, exactly, and keeps unpriced calls null', () => {
    expect(toCost('-0.01400')).toBe('0.014');
    expect(toCost('-0.00')).toBe('0');
    expect(toCost('0.50')).toBe('-0.5'); // a credit stays a credit
    expect(toCost(null)).toBeNull();
    expect(toCost('')).toBeNull();
  });

  it('maps a call, with its start time (or creation time when it never started)', () => {
    const base = {
      sid: 'CA1',
      parentCallSid: null,
      direction: 'outbound-dial',
      from: '+34910000001',
      to: '+34600000000',
      status: 'busy',
      startTime: null,
      dateCreated: new Date('2026-11-01T10:00:00Z'),
      duration: '0',
      price: null,
      priceUnit: 'usd',
    };
    expect(toCallRecord(base)).toEqual({
      sid: 'CA1',
      parentSid: null,
      direction: CallDirection.Outbound,
      from: '+34910000001',
      to: '+34600000000',
      status: 'busy',
      startedAt: new Date('2026-11-01T10:00:00Z'),
      durationSeconds: 0,
      cost: null,
      priceUnit: 'USD',
    });
    expect(toCallRecord({ ...base, direction: 'inbound', parentCallSid: 'CA0', duration: '61', price: '-0.0085' })).toMatchObject({
      direction: CallDirection.Inbound,
      parentSid: 'CA0',
      durationSeconds: 61,
      cost: '0.0085',
    });
  });

  it('keeps a usage record price as charged (positive) and its day', () => {
    expect(
      toUsageDay({ accountSid: 'AC1', category: 'calls', count: '12', usage: '34', usageUnit: 'minutes', price: '0.4250', priceUnit: 'usd', startDate: '2026-11-01' }),
    ).toEqual({ accountSid: 'AC1', day: '2026-11-01', category: 'calls', count: 12, usage: '34', usageUnit: 'minutes', cost: '0.425', priceUnit: 'USD' });
  });
});
