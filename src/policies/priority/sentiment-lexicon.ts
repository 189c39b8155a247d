import { z } from 'zod';
import type { SentimentScorer } from './types.js';
import { parseOptions } from './options.js';

/**
 * A small support-flavoured valence lexicon, -3 (very negative) to 3 (very positive), in the style
 * of AFINN. It is deliberately small: good enough to notice an angry customer, not a language model.
 */
export const DEFAULT_SENTIMENT_LEXICON: Readonly<Record<string, number>> = Object.freeze({
  good: 2, great: 3, excellent: 3, amazing: 3, awesome: 3, perfect: 3, fantastic: 3, wonderful: 3, brilliant: 3,
  love: 3, loved: 3, happy: 2, glad: 2, pleased: 2, satisfied: 2, thanks: 2, thank: 2, appreciate: 2,
  appreciated: 2, helpful: 2, nice: 2, friendly: 2, resolved: 2, solved: 2, fixed: 2, works: 1, working: 1,
  fast: 1, quick: 1, easy: 1, smooth: 1,
  bad: -2, terrible: -3, awful: -3, horrible: -3, worst: -3, worse: -2, hate: -3, angry: -3, furious: -3,
  annoyed: -2, annoying: -2, upset: -2, unhappy: -2, sad: -2, frustrated: -2, frustrating: -2,
  disappointed: -2, disappointing: -2, unacceptable: -3, ridiculous: -3, useless: -3, pathetic: -3,
  disgusted: -3, rude: -3, incompetent: -3, sucks: -3, garbage: -3, nightmare: -3, scam: -3, fraud: -3,
  broken: -2, wrong: -2, poor: -2, fail: -2, failed: -2, failing: -2, failure: -2, crash: -2, crashed: -2,
  crashes: -2, complaint: -2, complain: -2, ignored: -2, overcharged: -2, mess: -2, slow: -1, late: -1,
  delay: -1, delayed: -1, error: -1, problem: -1, problems: -1, issue: -1, stuck: -1, lost: -1, missing: -1,
  cancel: -1, refund: -1, waiting: -1, charged: -1,
});

const NEGATORS = new Set([
  'not', 'no', 'never', 'none', 'nothing', 'nobody', 'neither', 'nor', 'without', 'hardly',
  'cannot', 'cant', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'arent', 'werent', 'wont', 'wouldnt',
  'shouldnt', 'couldnt', 'havent', 'hasnt',
]);

/** Multipliers for the next sentiment word. */
const INTENSIFIERS: Readonly<Record<string, number>> = {
  very: 1.5, really: 1.5, so: 1.3, extremely: 1.8, incredibly: 1.8, totally: 1.5, absolutely: 1.6,
  completely: 1.5, super: 1.5, slightly: 0.5, somewhat: 0.6, bit: 0.6, kinda: 0.6,
};

/** "not good" is weaker than "bad": a negated word keeps 75% of its strength, flipped (as in VADER). */
const NEGATION_FACTOR = -0.75;
/** A negator reaches this many words ahead ("not at all good"), within one clause. */
const NEGATION_SCOPE = 3;
/** Normalisation constant: sum / sqrt(sum² + ALPHA) maps any sum into (-1, 1); one "bad" ≈ -0.46. */
const ALPHA = 15;

/**
 * Options of `createLexiconSentiment`.
 *
 * @example
 * ```ts
 * import type { LexiconSentimentOptions } from 'omnithread';
 * const options: LexiconSentimentOptions = { words: { laggy: -2 } };
 * ```
 */
export interface LexiconSentimentOptions {
  /** Extra or overriding word valences, -3 to 3. */
  readonly words?: Readonly<Record<string, number>>;
  /** Use only `words`, not the default lexicon. Default false. */
  readonly replace?: boolean;
}

const schema = z.strictObject({
  words: z.record(z.string().min(1), z.number().min(-3).max(3)).default({}),
  replace: z.boolean().default(false),
});

const isNegator = (token: string) => NEGATORS.has(token) || token.endsWith("n't");

/**
 * A lexicon sentiment scorer with negation ("not good" is negative, "not bad" mildly positive) and
 * intensifiers ("very angry"). Pure and fast; returns a value in (-1, 1), 0 for neutral text.
 *
 * @example
 * ```ts
 * import { createLexiconSentiment } from 'omnithread';
 * const scorer = createLexiconSentiment({ words: { laggy: -2 } });
 * scorer('the app is not good and very laggy'); // < 0
 * ```
 */
export function createLexiconSentiment(options?: LexiconSentimentOptions): SentimentScorer {
  const o = parseOptions('createLexiconSentiment', schema, options);
  const lexicon = new Map<string, number>(Object.entries(o.replace ? o.words : { ...DEFAULT_SENTIMENT_LEXICON, ...o.words }));
  return (text: string): number => {
    let sum = 0;
    const clauses = text.toLowerCase().replace(/[\u2018\u2019]/g, "'").split(/[.,;:!?\n]+/);
    for (const clause of clauses) {
      const tokens = clause.match(/[\p{L}\p{N}']+/gu);
      if (!tokens) continue;
      let negatedFor = 0;
      let boost = 1;
      for (const raw of tokens) {
        const token = raw.replace(/^'+|'+$/g, '');
        const valence = lexicon.get(token);
        if (valence !== undefined) {
          sum += valence * boost * (negatedFor > 0 ? NEGATION_FACTOR : 1);
          negatedFor = 0;
          boost = 1;
        } else if (isNegator(token)) {
          negatedFor = NEGATION_SCOPE;
        } else if (INTENSIFIERS[token] !== undefined) {
          boost *= INTENSIFIERS[token];
        } else if (negatedFor > 0) {
          negatedFor -= 1;
        }
      }
    }
    return sum === 0 ? 0 : sum / Math.sqrt(sum * sum + ALPHA);
  };
}

/**
 * The default sentiment scorer: {@link createLexiconSentiment} with the default lexicon.
 *
 * @example
 * ```ts
 * import { lexiconSentiment } from 'omnithread';
 * lexiconSentiment('thanks, that was great'); // ≈ 0.79
 * lexiconSentiment('this is not good');       // ≈ -0.36
 * ```
 */
export const lexiconSentiment: SentimentScorer = createLexiconSentiment();
