/**
 * Message and event ids the way vendors write them. The fold breaks ties in `occurredAt` by comparing
 * ids as strings, so the ids' alphabet decides where an event lands among events of the same
 * millisecond: a test that only uses `e1`, `e2` never sees what `wamid.…` or `1700000000.000100` do.
 */
import fc from 'fast-check';

/** The id formats {@link arbVendorMessageId} draws from. */
export const VENDOR_ID_FORMATS = [
  'twilio-sms',
  'twilio-mms',
  'whatsapp-cloud',
  'messenger',
  'x-prefixed',
  'x-snowflake',
  'slack-ts',
  'telegram',
  'email-message-id',
  'postmark-uuid',
  'sendgrid',
  'docs',
  'arbitrary',
] as const;
/** One vendor's id format (`arbitrary` is any string within the id rules). */
export type VendorIdFormat = (typeof VENDOR_ID_FORMATS)[number];

/** Options of {@link arbVendorMessageId}. */
export interface VendorIdOptions {
  /** The formats to draw from. Default: all of {@link VENDOR_ID_FORMATS}. */
  readonly formats?: readonly VendorIdFormat[];
  /** Longest `arbitrary` id, in UTF-16 units before filtering. Default 24. */
  readonly maxArbitraryLength?: number;
}

/** C0, DEL and C1 control characters: the input rules reject them in ids, so generated ids skip them. */
const CONTROL = /\p{Cc}/u;

/**
 * Any string an id may be: non-empty, at most 512 UTF-16 units, no control characters; every other
 * code point (astral, combining, RTL, spaces, `:`, `\u2028`) is fair game.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbIdString } from 'omnithread/testing';
 * fc.sample(arbIdString(), 3); // e.g. ['𓏒#', 'valueOf', ' ']
 * ```
 */
export function arbIdString(maxLength = 24): fc.Arbitrary<string> {
  // Code points drawn directly: fast-check's `binary` string unit spends ~6 s building its tables.
  const codePoint = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff) },
  );
  return fc
    .oneof(fc.array(codePoint, { minLength: 1, maxLength }).map((cps) => String.fromCodePoint(...cps)), fc.string({ unit: 'grapheme', minLength: 1, maxLength }))
    .filter((s) => s.length <= 512 && !CONTROL.test(s));
}

function format(name: VendorIdFormat, maxArbitraryLength: number): fc.Arbitrary<string> {
  switch (name) {
    case 'twilio-sms':
      return fc.stringMatching(/^SM[0-9a-f]{32}$/);
    case 'twilio-mms':
      return fc.stringMatching(/^MM[0-9a-f]{32}$/);
    case 'whatsapp-cloud':
      return fc.stringMatching(/^wamid\.HBgL[A-Za-z0-9+/]{16,48}={0,2}$/);
    case 'messenger':
      return fc.stringMatching(/^m_[A-Za-z0-9_-]{20,80}$/);
    case 'x-prefixed':
      return fc.stringMatching(/^x-[0-9]{18,19}$/);
    case 'x-snowflake':
      return fc.stringMatching(/^[1-9][0-9]{17,18}$/);
    case 'slack-ts':
      return fc.stringMatching(/^1[67][0-9]{8}\.[0-9]{6}$/);
    case 'telegram':
      return fc.integer({ min: 1, max: 2_147_483_647 }).map(String);
    case 'email-message-id':
      return fc.stringMatching(/^<[A-Za-z0-9._=+$-]{1,30}@[a-z0-9-]{1,12}(\.[a-z0-9-]{1,12}){1,2}>$/);
    case 'postmark-uuid':
      return fc.uuid();
    case 'sendgrid':
      return fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{22}$/), fc.stringMatching(/^[0-9a-f]{11}\.[0-9a-f]{3}\.[0-9a-f]{6}\.filter[0-9]{4}\.[0-9]{5}\.[0-9A-F]{9}\.0$/));
    case 'docs':
      return fc.tuple(fc.constantFrom('sms', 'chat', 'call', 'mail', 'wa', 'msg', 'e', 'route'), fc.nat({ max: 99 })).map(([w, n]) => `${w}-${n}`);
    case 'arbitrary':
      return arbIdString(maxArbitraryLength);
  }
}

/**
 * A message id in one of the formats real channels use — Twilio `SM…`/`MM…`, WhatsApp Cloud
 * `wamid.HBgL…`, Messenger `m_…`, X `x-…` and numeric snowflakes, Slack `1700000000.000100`,
 * Telegram numbers, email `<…@…>`, Postmark/SendGrid ids, the docs' own `sms-1` — or any string within
 * the id rules.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbVendorMessageId } from 'omnithread/testing';
 * fc.sample(arbVendorMessageId({ formats: ['whatsapp-cloud', 'slack-ts'] }), 2);
 * // e.g. ['wamid.HBgLq0v…', '1700000000.000100']
 * ```
 */
export function arbVendorMessageId(options: VendorIdOptions = {}): fc.Arbitrary<string> {
  const formats = options.formats ?? VENDOR_ID_FORMATS;
  const max = options.maxArbitraryLength ?? 24;
  return fc.oneof(...formats.map((f) => format(f, max)));
}
