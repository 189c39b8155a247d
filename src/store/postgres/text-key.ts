/**
 * Event ids and stream names as PostgreSQL `text` can hold them. A `text` value cannot contain
 * U+0000, and a lone UTF-16 surrogate has no UTF-8 form (node-postgres would send U+FFFD, so two
 * different ids would collide). The other stores keep any JavaScript string, so this one must too:
 * such a string is stored escaped, as `\u0001` + its JSON form, which is plain, NUL-free text.
 * A string that already starts with `\u0001` is escaped as well, so the mapping stays one-to-one.
 */
const ESCAPE = '\u0001';
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function needsEscape(value: string): boolean {
  return value.startsWith(ESCAPE) || value.includes('\u0000') || LONE_SURROGATE.test(value);
}

/**
 * The `text` form of an id or stream name: the string itself, nearly always.
 *
 * @example
 * ```ts
 * encodeTextKey('sms-1'); // 'sms-1'
 * encodeTextKey('a\u0000b'); // '\u0001"a\\u0000b"'
 * ```
 */
export function encodeTextKey(value: string): string {
  return needsEscape(value) ? ESCAPE + JSON.stringify(value) : value;
}

/**
 * The string an {@link encodeTextKey} value stands for.
 *
 * @example
 * ```ts
 * decodeTextKey(encodeTextKey('a\u0000b')); // 'a\u0000b'
 * ```
 */
export function decodeTextKey(stored: string): string {
  return stored.startsWith(ESCAPE) ? (JSON.parse(stored.slice(ESCAPE.length)) as string) : stored;
}
