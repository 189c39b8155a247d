import type { NormalizedIdentity } from '../identity/normalize.js';
import type { Channel } from '../events/primitives.js';
import type { MessageEvent } from '../events/schemas.js';
import type { Direction, Thread } from './types.js';

/** What a threading policy is asked about: one message of one known customer. */
export interface ThreadingInput {
  readonly message: MessageEvent;
  readonly direction: Direction;
  readonly identity: NormalizedIdentity;
  readonly customerId: string;
}

/**
 * Read-only lookups over the customer's own threads. Every lookup is scoped to the tenant and to this
 * customer: another sender's mail quoting the same Message-ID or `[#ref]` finds nothing here.
 */
export interface ThreadingContext {
  /** The customer's threads that are not merged away, oldest first. */
  readonly threads: readonly Thread[];
  /**
   * The same threads by last activity, least recently active first: the most recently active is
   * last (between equal times, the one later in `threads`). The engine keeps this order as messages
   * arrive, so a policy that reads from the end and stops early costs the same for a customer with
   * thousands of threads as for one with two. Always there in the engine; a context built by hand
   * (a unit test of a policy) may leave it out, and the built-in policy then reads `threads`.
   */
  readonly threadsByActivity?: readonly Thread[];
  /**
   * The threads of {@link threadsByActivity} that never had a message on `channel`, in the same
   * order: for an email, the only ones that could continue it (an email thread never continues a
   * bare new email), however many email threads the customer has. Optional like it.
   */
  threadsByActivityWithout?(channel: Channel): readonly Thread[];
  threadByEmailMessageId(messageId: string): Thread | undefined;
  /** By thread ref (`[#REF]` in a subject, or a plus-address reply token). */
  threadByRef(ref: string): Thread | undefined;
  /** Public social threads by `platform` and conversation / post id. */
  threadBySocialKey(platform: string, id: string): Thread | undefined;
  threadByChatSession(sessionId: string): Thread | undefined;
}

/** Join an existing thread (reopening it if it was resolved), or start a new one. Always with the reason. */
export type ThreadingDecision =
  | { readonly action: 'join'; readonly threadId: string; readonly reason: string }
  | { readonly action: 'new'; readonly reason: string };

/**
 * Decides which conversation a message joins. Must be pure: same input and context, same decision.
 *
 * @example
 * ```ts
 * import type { ThreadingPolicy } from 'omnithread';
 * const oneThreadPerCustomer: ThreadingPolicy = {
 *   name: 'one-thread',
 *   decide(_input, ctx) {
 *     const last = ctx.threads.at(-1);
 *     return last && last.status !== 'closed'
 *       ? { action: 'join', threadId: last.id, reason: 'the one thread of this customer' }
 *       : { action: 'new', reason: 'first contact' };
 *   },
 * };
 * ```
 */
export interface ThreadingPolicy {
  readonly name: string;
  /**
   * What makes this policy decide as it does (its options), as a string: two policies with the same
   * fingerprint decide alike. A snapshot records it and an engine with another one refuses the
   * snapshot (`SNAPSHOT_INCOMPATIBLE`) rather than keep threads folded under the old rules. Without
   * one, `name` stands for it — change the name when a custom policy changes how it decides.
   */
  readonly fingerprint?: string;
  decide(input: ThreadingInput, context: ThreadingContext): ThreadingDecision;
}
