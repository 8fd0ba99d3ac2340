import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { CallDirection, CallStatus, UsageScope } from '../entities/index.js';
import { toCallRecord, toCallStatus, toCost, toUsageDay } from './twilio.mapper.js';

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
      status: CallStatus.Busy,
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

  it("puts Twilio's call statuses in our words, and an unknown one as unknown rather than failing", () => {
    expect(['queued', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'].map(toCallStatus)).toEqual([
      CallStatus.Queued,
      CallStatus.Ringing,
      CallStatus.InProgress,
      CallStatus.Completed,
      CallStatus.Busy,
      CallStatus.NoAnswer,
      CallStatus.Failed,
      CallStatus.Canceled,
    ]);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      expect([toCallStatus('teleported'), toCallStatus('teleported'), toCallStatus('')]).toEqual([CallStatus.Unknown, CallStatus.Unknown, CallStatus.Unknown]);
      expect(warn).toHaveBeenCalledTimes(2); // once per new status
    } finally {
      warn.mockRestore();
    }
  });

  it('keeps a usage record price as charged (positive), its day, and the scope it was asked for', () => {
    expect(
      toUsageDay(
        { accountSid: 'AC1', category: 'calls-inbound', count: '12', usage: '34', usageUnit: 'minutes', price: '0.4250', priceUnit: 'usd', startDate: '2026-11-01' },
        UsageScope.Inbound,
      ),
    ).toEqual({ accountSid: 'AC1', day: '2026-11-01', scope: UsageScope.Inbound, count: 12, usage: '34', usageUnit: 'minutes', cost: '0.425', priceUnit: 'USD' });
  });
});
