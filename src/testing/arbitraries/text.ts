import fc from 'fast-check';

/** Phrases a support inbox really sees: angry, happy, negated, urgent, neutral. */
export const SUPPORT_PHRASES: readonly string[] = Object.freeze([
  'Hi, I have a question about my invoice.',
  'My order has not arrived yet.',
  'This is not good. I am very disappointed.',
  'Thanks, that was great help!',
  'Our production site is down, this is an outage!',
  'URGENT: I cannot log in to my account',
  'not bad, works now',
  'I hate waiting on hold, terrible service.',
  'Can you reset my password please?',
  'The app keeps crashing after the update',
  "I don't think the refund was processed",
  'Perfect, thank you so much',
  'Where is my package?',
  'security breach? someone changed my email',
  'ok',
]);

/**
 * Customer-ish text: mostly support phrases (so policies that read text have something to read),
 * sometimes two joined, sometimes arbitrary unicode (so they must not break on anything).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbSupportText } from 'omnithread/testing';
 * fc.sample(arbSupportText(), 3);
 * ```
 */
export function arbSupportText(): fc.Arbitrary<string> {
  const phrase = fc.constantFrom(...SUPPORT_PHRASES);
  return fc.oneof(
    { arbitrary: phrase, weight: 7 },
    { arbitrary: fc.tuple(phrase, phrase).map(([a, b]) => `${a} ${b}`), weight: 2 },
    // Any code point ('grapheme' would be kinder to read but costs ten times as much to generate).
    { arbitrary: fc.string({ maxLength: 60, unit: 'binary' }), weight: 1 },
  );
}
