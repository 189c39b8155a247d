/** THREAD=ORDEREDSUBJECT (RFC 5256 §2.1) as Dovecot answers it. */
import { baseSubject } from './base-subject.js';
import { compareByDate, prepareMessages } from './prepare.js';
import type { ThreadNode, ThreadableMessage } from './types.js';
import { compareCodePoints } from './utf8.js';

/**
 * Groups messages by base subject (a missing subject counts as the empty one); in each group the
 * oldest message is the parent of all the others; groups are ordered by their oldest message.
 *
 * @example
 * ```ts
 * import { threadOrderedSubject, formatImapThread } from 'omnithread';
 * const roots = threadOrderedSubject([
 *   { subject: 'Hello', date: Date.UTC(2024, 0, 1) },
 *   { subject: 'Other', date: Date.UTC(2024, 0, 2) },
 *   { subject: 'Re: hello', date: Date.UTC(2024, 0, 3) },
 * ]);
 * formatImapThread(roots); // '* THREAD (1 3)(2)'
 * ```
 */
export function threadOrderedSubject<M extends ThreadableMessage>(messages: readonly M[]): ThreadNode<M>[] {
  const keyed = prepareMessages(messages).map((p) => ({ ...p, base: baseSubject(p.message.subject ?? '') }));
  keyed.sort((a, b) => compareCodePoints(a.base, b.base) || compareByDate(a, b));
  const groups: (typeof keyed)[] = [];
  for (const item of keyed) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[0]?.base === item.base) last.push(item);
    else groups.push([item]);
  }
  groups.sort((a, b) => compareByDate(a[0] as (typeof keyed)[number], b[0] as (typeof keyed)[number]));
  return groups.map((group) => {
    const [first, ...rest] = group as [(typeof keyed)[number], ...typeof keyed];
    return {
      message: first.message,
      position: first.position,
      children: rest.map((r) => ({ message: r.message, position: r.position, children: [] })),
    };
  });
}
