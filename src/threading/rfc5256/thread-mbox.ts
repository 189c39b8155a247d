/** One call from mbox text to thread tree. */
import { type MboxMessage, parseMbox } from './mbox.js';
import { threadOrderedSubject } from './ordered-subject.js';
import { threadReferences } from './references.js';
import type { ThreadAlgorithm, ThreadNode } from './types.js';

/**
 * Parses an mbox and threads it; message positions are 1-based mbox order, as in IMAP.
 *
 * @example
 * ```ts
 * import { threadMbox, formatImapThread } from 'omnithread';
 * const mbox = [
 *   'From a@b Fri Feb 22 15:06:23 2008', 'Message-ID: <1@b>', '', 'hi', '',
 *   'From a@b Fri Feb 22 15:07:23 2008', 'Message-ID: <2@b>', 'In-Reply-To: <1@b>', '', 'hello', '',
 * ].join('\n');
 * formatImapThread(threadMbox(mbox)); // '* THREAD (1 2)'
 * ```
 */
export function threadMbox(input: string | Uint8Array, algorithm: ThreadAlgorithm = 'references'): ThreadNode<MboxMessage>[] {
  const messages = parseMbox(input);
  return algorithm === 'orderedsubject' ? threadOrderedSubject(messages) : threadReferences(messages);
}
