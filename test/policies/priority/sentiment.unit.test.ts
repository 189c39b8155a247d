import { describe, expect, it } from 'vitest';
import { createLexiconSentiment, lexiconSentiment } from '../../../src/policies/priority/sentiment-lexicon.js';
import { sentimentPolicy, threadSentiment } from '../../../src/policies/priority/sentiment.js';
import { T0, msg, thread } from './helpers.js';

describe('lexiconSentiment', () => {
  it('reads positive, negative and neutral support messages', () => {
    expect(lexiconSentiment('Thanks, that was great help!')).toBeGreaterThan(0.5);
    expect(lexiconSentiment('This is unacceptable, terrible service')).toBeLessThan(-0.7);
    expect(lexiconSentiment('Where is my package?')).toBe(0);
    expect(lexiconSentiment('')).toBe(0);
  });

  it('handles negation: "not good" is negative, "not bad" mildly positive, and negation ends at punctuation', () => {
    expect(lexiconSentiment('this is not good')).toBeLessThan(0);
    expect(lexiconSentiment("it doesn't work, not at all good")).toBeLessThan(0);
    expect(lexiconSentiment('not bad')).toBeGreaterThan(0);
    expect(lexiconSentiment('not bad')).toBeLessThan(lexiconSentiment('good'));
    expect(lexiconSentiment('no. good')).toBeGreaterThan(0);
  });

  it('intensifies: very angry is angrier than angry', () => {
    expect(lexiconSentiment('I am very angry')).toBeLessThan(lexiconSentiment('I am angry'));
  });

  it('stays within (-1, 1) however long the rant', () => {
    const rant = 'terrible awful horrible '.repeat(500);
    expect(lexiconSentiment(rant)).toBeGreaterThan(-1);
    expect(lexiconSentiment(rant)).toBeLessThan(-0.99);
  });

  it('takes extra words, or only them', () => {
    expect(createLexiconSentiment({ words: { laggy: -2 } })('so laggy')).toBeLessThan(0);
    expect(createLexiconSentiment({ words: { laggy: -2 }, replace: true })('terrible')).toBe(0);
    expect(() => createLexiconSentiment({ words: { meh: -9 } })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('threadSentiment (primacy and recency)', () => {
  const fixed = (values: Record<string, number>) => (text: string) => values[text] ?? 0;

  it('weights first 0.3, the mean of the middle 0.3 and the latest 0.4', () => {
    const t = thread({ messages: [msg(0, 'a'), msg(1, 'b'), msg(2, 'c'), msg(3, 'd')] });
    const s = threadSentiment(t, { scorer: fixed({ a: -1, b: 1, c: 0, d: 0.5 }) });
    expect(s.value).toBeCloseTo(0.3 * -1 + 0.3 * 0.5 + 0.4 * 0.5, 10);
    expect(s).toMatchObject({ messages: 4, first: -1, last: 0.5 });
  });

  it('with two messages uses first and latest only (3 : 4), with one that message', () => {
    const two = thread({ messages: [msg(0, 'a'), msg(1, 'b')] });
    expect(threadSentiment(two, { scorer: fixed({ a: -1, b: 1 }) }).value).toBeCloseTo((0.3 * -1 + 0.4) / 0.7, 10);
    expect(threadSentiment(thread({ messages: [msg(0, 'a')] }), { scorer: fixed({ a: -0.6 }) }).value).toBe(-0.6);
  });

  it('ignores agent messages and calls, clamps scorer output and treats NaN as neutral', () => {
    const t = thread({ messages: [msg(0, 'a'), msg(1, 'angry agent', { from: 'agent' }), msg(2, undefined), msg(3, 'b')] });
    const s = threadSentiment(t, { scorer: fixed({ a: -7, b: Number.NaN, 'angry agent': -1 }) });
    expect(s).toMatchObject({ messages: 2, first: -1, last: 0 });
  });

  it('counts at most the most recent middle messages', () => {
    const messages = [msg(0, 'a'), ...Array.from({ length: 30 }, (_, i) => msg(i + 1, i < 25 ? 'old' : 'new')), msg(40, 'z')];
    const s = threadSentiment(thread({ messages }), { scorer: fixed({ old: -1, new: 1 }), maxMessages: 7 });
    expect(s.value).toBeCloseTo(0.3 * 1, 10);
  });
});

describe('sentimentPolicy', () => {
  it('raises an angry thread and lowers a thankful one, with the sentiment as the reason value', () => {
    const p = sentimentPolicy();
    const angry = p.score(thread({ messages: [msg(0, 'My order is late'), msg(30, 'This is not good. I am very disappointed!')] }), { now: T0 });
    expect(angry.score).toBeGreaterThan(10);
    expect(angry.reasons[0]?.value).toBeLessThan(-0.3);
    expect(angry.reasons[0]?.detail).toMatch(/over 2 message/);
    const happy = p.score(thread({ messages: [msg(0, 'Thanks, perfect!')] }), { now: T0 });
    expect(happy.score).toBeLessThan(0);
    expect(happy.score).toBeGreaterThanOrEqual(-10);
  });

  it('uses a pluggable scorer and its points settings', () => {
    const p = sentimentPolicy({ scorer: () => -0.5, negativePoints: 100 });
    expect(p.score(thread(), { now: T0 }).score).toBe(50);
    expect(p.orderingKey?.(thread(), { now: T0 })).toBe(50);
    expect(sentimentPolicy({ scorer: () => -0.5 }).score(thread({ messages: [msg(0, undefined)] }), { now: T0 }).reasons[0]?.detail).toBe('no customer text to read');
  });

  it('scores each message text once per policy (cached per message object)', () => {
    let calls = 0;
    const p = sentimentPolicy({ scorer: () => (calls++, 0) });
    const t = thread({ messages: [msg(0, 'a'), msg(1, 'b'), msg(2, 'c')] });
    p.score(t, { now: T0 });
    p.score(t, { now: T0 + 1 });
    expect(calls).toBe(3);
  });

  it('rejects a scorer that is not a function and weights that cannot weigh', () => {
    expect(() => sentimentPolicy({ scorer: 'vader' as never })).toThrow(/function/);
    expect(() => sentimentPolicy({ weights: { first: 0, last: 0 } })).toThrow(/first \+ last/);
  });
});
