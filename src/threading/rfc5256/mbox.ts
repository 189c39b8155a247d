/**
 * mbox reading as Dovecot's mbox storage reads it: a message starts at every line beginning
 * with `From ` whose date parses (other `From ` lines are body text), headers end at the first
 * empty line, folded lines continue the previous header.
 */
import { OmnithreadError } from '../../errors.js';
import { type ScannedMessage, scanMbox } from './mbox-reader.js';
import { parseMessageDate } from './message-date.js';
import type { ThreadableMessage } from './types.js';

export { parseFromLine } from './from-line.js';

/**
 * One message read from an mbox: a {@link ThreadableMessage} plus the envelope and all headers.
 *
 * @example
 * ```ts
 * import { parseMbox, type MboxMessage } from 'omnithread';
 * const [m]: MboxMessage[] = parseMbox('From a@b Fri Feb 22 15:06:23 2008\nX-Tag: 1\n\nbody\n');
 * m?.headers; // [['X-Tag', '1']]
 * ```
 */
export interface MboxMessage extends ThreadableMessage {
  readonly position: number;
  /** Envelope sender of the `From ` line. */
  readonly sender: string;
  /**
   * Every header in order, values raw (folding kept, CR removed). Decoded on first read (threading
   * never reads it), so until then each message keeps the input it was parsed from alive.
   */
  readonly headers: readonly (readonly [name: string, value: string])[];
  readonly arrivalDate: number;
}

/**
 * Splits an mbox into messages and reads the headers threading needs. Bytes that are not valid
 * UTF-8 are kept losslessly (see utf8.ts), so ids and subjects compare as Dovecot compares them.
 *
 * @throws OmnithreadError `INVALID_MBOX` when the text does not start with a valid `From ` line.
 * @example
 * ```ts
 * import { parseMbox } from 'omnithread';
 * const [first] = parseMbox('From a@b Fri Feb 22 15:06:23 2008\nMessage-ID: <a@b>\nSubject: hi\n\nbody\n');
 * first?.subject;     // 'hi'
 * first?.arrivalDate; // 1203692783000
 * ```
 */
export function parseMbox(input: string | Uint8Array): MboxMessage[] {
  const scanned = scanMbox(input);
  if (scanned === undefined) {
    throw new OmnithreadError('INVALID_MBOX', "mbox doesn't begin with a valid 'From ' line", {
      issues: [{ path: [0], message: 'expected "From <sender> <asctime date>" on the first line' }],
    });
  }
  return scanned.map((m, index) => new ParsedMessage(index + 1, m));
}

/** A message of {@link parseMbox}; its header list is decoded on first read (threading never reads it). */
class ParsedMessage implements MboxMessage {
  readonly position: number;
  readonly sender: string;
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly references: string | null;
  readonly subject: string | null;
  readonly date: number | null;
  readonly arrivalDate: number;
  #headers: (() => [string, string][]) | [string, string][];

  constructor(position: number, m: ScannedMessage) {
    this.position = position;
    this.sender = m.sender;
    this.messageId = m.messageId ?? null;
    this.inReplyTo = m.inReplyTo ?? null;
    this.references = m.references ?? null;
    this.subject = m.subject ?? null;
    this.date = parseMessageDate(m.date) ?? null;
    this.arrivalDate = m.seconds * 1000;
    this.#headers = m.headers;
  }

  get headers(): [string, string][] {
    if (typeof this.#headers === 'function') this.#headers = this.#headers();
    return this.#headers;
  }

  /** JSON keeps the header list, as it did when it was a plain field. */
  toJSON(): MboxMessage {
    const { position, sender, headers, messageId, inReplyTo, references, subject, date, arrivalDate } = this;
    return { position, sender, headers, messageId, inReplyTo, references, subject, date, arrivalDate };
  }
}
