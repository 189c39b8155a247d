/** Input and output types of the RFC 5256 email threading functions. */

/**
 * One email, as much as threading needs of it. Header fields are RAW header values (what follows
 * `Name:`); they are parsed exactly as Dovecot parses them, so a Message-ID without angle
 * brackets counts as none. `references` may instead be a list of ids, brackets optional.
 *
 * @example
 * ```ts
 * import type { ThreadableMessage } from 'omnithread';
 * const reply: ThreadableMessage = {
 *   id: 'msg-2',
 *   messageId: '<2@example.org>',
 *   inReplyTo: '<1@example.org>',
 *   references: ['1@example.org'],
 *   subject: 'Re: Lunch?',
 *   date: Date.parse('2024-03-01T12:05:00Z'),
 * };
 * ```
 */
export interface ThreadableMessage {
  /** 1-based position (IMAP sequence number): the output numbers and the last tie-break. Defaults to index + 1. */
  readonly position?: number;
  /** Your own identifier, carried along untouched. */
  readonly id?: string;
  /** Raw `Message-ID:` value. Missing, unparsable or duplicate ids make the message id-less. */
  readonly messageId?: string | null;
  /** Raw `In-Reply-To:` value; used only when `references` yields no id. */
  readonly inReplyTo?: string | null;
  /** Raw `References:` value, or the referenced ids oldest first. */
  readonly references?: string | readonly string[] | null;
  /** Raw `Subject:` value (RFC 2047 words allowed). `undefined`/`null`: no Subject header. */
  readonly subject?: string | null;
  /** Sent date (`Date:`) in epoch ms; missing, invalid or 0 falls back to `arrivalDate`. */
  readonly date?: number | null;
  /** Arrival (internal) date in epoch ms — in an mbox the `From ` line date. Default 0. */
  readonly arrivalDate?: number;
}

/**
 * One node of a thread tree. A node without `message` is a placeholder standing for a missing
 * parent; as in Dovecot's answers, placeholders only ever appear as roots with ≥ 2 children.
 *
 * @example
 * ```ts
 * import { threadReferences, type ThreadNode } from 'omnithread';
 * const roots: readonly ThreadNode[] = threadReferences([{ messageId: '<a@x>' }]);
 * roots[0]?.message?.messageId; // '<a@x>'
 * ```
 */
export interface ThreadNode<M extends ThreadableMessage = ThreadableMessage> {
  /** The message, absent for a placeholder. */
  readonly message?: M;
  /** The message's 1-based position; absent for a placeholder. */
  readonly position?: number;
  readonly children: readonly ThreadNode<M>[];
}

/** The IMAP THREAD algorithms implemented. */
export type ThreadAlgorithm = 'references' | 'orderedsubject';
