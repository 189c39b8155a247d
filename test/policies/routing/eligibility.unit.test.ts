import { describe, expect, it } from 'vitest';
import {
  blockingChannel,
  ineligibility,
  isAvailableOn,
  isEligible,
  isRoutable,
  resolveEligibility,
  resolveRequirements,
  speaks,
} from '../../../src/policies/routing/index.js';
import { NOW, agent, customer, thread } from './fixtures.js';

describe('eligibility', () => {
  const chat = thread({ channel: 'chat' });

  it('takes an online agent under capacity on the channel', () => {
    expect(isEligible(agent('a', { load: { chat: 2 } }), chat)).toBe(true);
    expect(ineligibility(agent('a', { load: { chat: 2 } }), chat)).toEqual([]);
  });

  it('refuses away and offline agents', () => {
    expect(isEligible(agent('a', { status: 'away' }), chat)).toBe(false);
    expect(ineligibility(agent('a', { status: 'offline' }), chat)).toEqual(['status is offline']);
  });

  it('refuses an agent at capacity, and one without capacity for the channel', () => {
    expect(ineligibility(agent('a', { load: { chat: 3 } }), chat)).toEqual(['chat load 3 ≥ capacity 3']);
    expect(isEligible(agent('a', { capacity: { email: 5 } }), chat)).toBe(false);
    expect(ineligibility(agent('a', { capacity: { email: 5 } }), chat)).toEqual(['does not take chat']);
    expect(isEligible(agent('a', { capacity: { chat: 0 } }), chat)).toBe(false);
  });

  it('applies exclusive rules: on a call, no new chat, but email still allowed when not listed', () => {
    const onCall = agent('a', { load: { call: 1 }, exclusive: { call: ['chat'] } });
    expect(blockingChannel(onCall, 'chat')).toBe('call');
    expect(isAvailableOn(onCall, 'chat')).toBe(false);
    expect(isAvailableOn(onCall, 'email')).toBe(true);
    expect(ineligibility(onCall, chat)).toEqual(['busy on call, which excludes new chat']);
    // the rule only bites while the agent is actually on a call
    expect(isAvailableOn(agent('a', { exclusive: { call: ['chat'] } }), 'chat')).toBe(true);
  });

  it('requires every required skill at its level', () => {
    const a = agent('a', { skills: [{ name: 'billing', level: 4 }] });
    expect(isEligible(a, chat, { skills: [{ name: 'billing', level: 4 }] })).toBe(true);
    expect(isEligible(a, chat, { skills: [{ name: 'billing', level: 5 }] })).toBe(false);
    expect(ineligibility(a, chat, { skills: [{ name: 'billing', level: 5 }, { name: 'tech' }] })).toEqual([
      'skill billing at 4 < 5',
      'lacks skill tech',
    ]);
  });

  it('matches languages by primary subtag, case-insensitively', () => {
    expect(speaks(agent('a', { languages: ['ko'] }), 'ko-KR')).toBe(true);
    expect(speaks(agent('a', { languages: ['KO-kr'] }), 'ko')).toBe(true);
    expect(speaks(agent('a', { languages: ['ja'] }), 'ko')).toBe(false);
    expect(ineligibility(agent('a'), chat, { language: 'ko' })).toEqual(['does not speak ko']);
  });

  it('keeps bot-handled threads away from humans until a handover is requested', () => {
    expect(isRoutable(thread({ handledBy: 'bot' }))).toBe(false);
    expect(isRoutable(thread({ handledBy: 'bot', handoverRequestedAt: NOW }))).toBe(true);
    expect(isEligible(agent('a'), thread({ handledBy: 'bot' }))).toBe(false);
    expect(ineligibility(agent('a'), thread({ handledBy: 'bot' }))).toContain('thread is handled by a bot');
  });

  it('resolves requirements from context, tags and language mode', () => {
    const t = thread({ tags: ['refund', 'outage'], language: 'ko' });
    const options = resolveEligibility({
      skillsByTag: { refund: ['billing'], outage: [{ name: 'tech', level: 7 }, { name: 'billing', level: 3 }] },
      language: 'required',
    });
    const req = resolveRequirements(t, { now: NOW, requiredSkills: [{ name: 'billing', level: 2 }] }, options);
    expect(req.skills).toEqual([
      { name: 'billing', level: 3 },
      { name: 'tech', level: 7 },
    ]);
    expect(req.language).toBe('ko');
    const preferred = resolveRequirements(thread(), { now: NOW, customer: customer({ language: 'de' }) }, resolveEligibility(undefined));
    expect(preferred).toEqual({ skills: [], preferredLanguage: 'de' });
    expect(resolveRequirements(t, { now: NOW }, resolveEligibility({ language: 'ignored' }))).toEqual({ skills: [] });
  });

  it('ignores prototype keys as tags', () => {
    const req = resolveRequirements(thread({ tags: ['constructor', '__proto__'] }), { now: NOW }, resolveEligibility({ skillsByTag: { x: ['y'] } }));
    expect(req.skills).toEqual([]);
  });
});
