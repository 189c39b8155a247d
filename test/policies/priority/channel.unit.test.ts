import { describe, expect, it } from 'vitest';
import { channelUrgencyPolicy } from '../../../src/policies/priority/channel.js';
import { isOmnithreadError } from '../../../src/errors.js';
import { T0, thread } from './helpers.js';

const ctx = { now: T0 };

describe('channelUrgencyPolicy', () => {
  it('ranks call > chat > sms = whatsapp > social > email by default', () => {
    const p = channelUrgencyPolicy();
    const score = (channel: 'call' | 'chat' | 'sms' | 'whatsapp' | 'social' | 'email') => p.score(thread({ channel }), ctx).score;
    expect(score('call')).toBeGreaterThan(score('chat'));
    expect(score('chat')).toBeGreaterThan(score('sms'));
    expect(score('sms')).toBe(score('whatsapp'));
    expect(score('whatsapp')).toBeGreaterThan(score('social'));
    expect(score('social')).toBeGreaterThan(score('email'));
  });

  it('treats a WhatsApp thread with a missed call waiting for a callback as a call', () => {
    const p = channelUrgencyPolicy();
    const r = p.score(thread({ channel: 'whatsapp', needsCallback: true }), ctx);
    expect(r.score).toBe(40);
    expect(r.reasons[0]?.detail).toMatch(/callback/);
  });

  it('can be told not to promote callbacks', () => {
    const p = channelUrgencyPolicy({ callbackCountsAsCall: false });
    expect(p.score(thread({ channel: 'email', needsCallback: true }), ctx).score).toBe(0);
  });

  it('merges configured weights over the defaults and keys by the score', () => {
    const p = channelUrgencyPolicy({ points: { whatsapp: 35 } });
    const t = thread({ channel: 'whatsapp' });
    expect(p.score(t, ctx)).toEqual({ score: 35, reasons: [{ factor: 'channel', points: 35, detail: 'answer on whatsapp' }] });
    expect(p.score(thread({ channel: 'chat' }), ctx).score).toBe(30);
    expect(p.orderingKey?.(t, ctx)).toBe(35);
  });

  it('rejects unknown channels and non-finite weights with INVALID_ARGUMENT', () => {
    expect(() => channelUrgencyPolicy({ points: { fax: 3 } as never })).toThrow(/fax|channel|key/i);
    try {
      channelUrgencyPolicy({ points: { chat: Number.NaN } });
      expect.unreachable();
    } catch (e) {
      expect(isOmnithreadError(e, 'INVALID_ARGUMENT')).toBe(true);
      expect((e as { issues: { path: unknown[] }[] }).issues[0]?.path).toEqual(['points', 'chat']);
    }
  });
});
