import type { ElevenLabs } from '@elevenlabs/elevenlabs-js';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { CallDirection, ConversationState } from '../entities/index.js';
import { toCharges, toConversationState, toDetail } from './elevenlabs.mapper.js';

describe('elevenlabs mapper', () => {
  it("puts the vendor's conversation statuses in our words", () => {
    expect(['initiated', 'in-progress', 'processing', 'done', 'failed'].map(toConversationState)).toEqual([
      ConversationState.InProgress,
      ConversationState.InProgress,
      ConversationState.Processing,
      ConversationState.Completed,
      ConversationState.Failed,
    ]);
  });

  it('takes a status the vendor added since as not final, so the conversation is read again, and says so once', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      expect(toConversationState('archived')).toBe(ConversationState.Processing);
      expect(toConversationState('archived')).toBe(ConversationState.Processing);
      expect(toConversationState('')).toBe(ConversationState.Processing);
      expect(warn.mock.calls.map(([message]) => message)).toEqual([
        'unknown conversation status "archived": treated as still processing',
        'unknown conversation status "": treated as still processing',
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it('keeps each part of the charge exactly, and null for a part the vendor did not break down', () => {
    expect(toCharges({ llmCharge: 37, callCharge: 412, llmPrice: 0.0074213, platformPrice: 0.0992 })).toEqual({
      llmCredits: '37',
      callCredits: '412',
      platformCredits: null,
      llmCostUsd: '0.0074213',
      platformCostUsd: '0.0992',
    });
    expect(toCharges({ tier: 'pro', platformCharge: 12.5 })).toEqual({
      llmCredits: null,
      callCredits: null,
      platformCredits: '12.5',
      llmCostUsd: null,
      platformCostUsd: null,
    });
    expect(toCharges(undefined)).toEqual({ llmCredits: null, callCredits: null, platformCredits: null, llmCostUsd: null, platformCostUsd: null });
  });

  it('maps a detail to our types: state, breakdown, direction and numbers', () => {
    const detail = {
      agentId: 'agent_1',
      conversationId: 'conv_1',
      status: 'done',
      metadata: {
        startTimeUnixSecs: 1_793_000_000,
        callDurationSecs: 61,
        cost: 449,
        costFiat: 0.1066213,
        charging: { llmCharge: 37, callCharge: 412, llmPrice: 0.0074213, platformPrice: 0.0992 },
        phoneCall: { type: 'twilio', direction: 'inbound', agentNumber: '+34910000001', externalNumber: '+34600000000', callSid: 'CA1' },
      },
    } as unknown as ElevenLabs.GetConversationResponseModel;
    expect(toDetail(detail)).toEqual({
      id: 'conv_1',
      agentId: 'agent_1',
      state: ConversationState.Completed,
      startedAt: new Date(1_793_000_000_000),
      durationSeconds: 61,
      credits: '449',
      costUsd: '0.1066213',
      charges: { llmCredits: '37', callCredits: '412', platformCredits: null, llmCostUsd: '0.0074213', platformCostUsd: '0.0992' },
      callSid: 'CA1',
      direction: CallDirection.Inbound,
      from: '+34600000000',
      to: '+34910000001',
      terminationReason: null,
    });
  });
});
