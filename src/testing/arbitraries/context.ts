import fc from 'fast-check';
import type { Customer } from '../../identity/types.js';
import type { PriorityContext, PrioritySlaInfo } from '../../policies/priority/types.js';
import type { Thread } from '../../threading/types.js';
import { DAY, DEFAULT_FROM, compact, deepFreeze, maybe } from './common.js';
import { arbCustomer, type CustomerArbitraryOptions } from './customer.js';
import { arbThread, type ThreadArbitraryOptions } from './thread.js';

/**
 * Options of `arbPriorityContext`.
 *
 * @example
 * ```ts
 * import type { PriorityContextArbitraryOptions } from 'omnithread/testing';
 * const options: PriorityContextArbitraryOptions = { notBefore: thread.lastActivityAt, sla: true };
 * ```
 */
export interface PriorityContextArbitraryOptions {
  /** `now` lies in [notBefore, notBefore + span]. Default 2024-01-01 and 30 days. */
  readonly notBefore?: number;
  readonly span?: number;
  /** The customer to put in the context (or leave out). Default: any customer, or none. */
  readonly customer?: fc.Arbitrary<Customer | undefined>;
  /** Include service-level info: always, never, or sometimes (default). */
  readonly sla?: boolean;
}

/**
 * Service-level info around `now`: a next deadline from 3 days ago to 3 days ahead (or none), and
 * whether a target was already missed.
 */
export function arbSlaInfo(now: number): fc.Arbitrary<PrioritySlaInfo> {
  return fc
    .record({ offset: maybe(fc.integer({ min: -3 * DAY, max: 3 * DAY })), breached: fc.boolean() })
    .map(({ offset, breached }) => compact({ nextDeadline: offset === undefined ? undefined : now + offset, breached }));
}

/**
 * Priority contexts: a `now`, maybe a customer, maybe service-level info.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbThread, arbPriorityContext } from 'omnithread/testing';
 * import type { PriorityPolicy } from 'omnithread';
 * declare const myPolicy: PriorityPolicy; // the policy under test
 * fc.assert(
 *   fc.property(arbThread(), arbPriorityContext(), (thread, ctx) => Number.isFinite(myPolicy.score(thread, ctx).score)),
 * );
 * ```
 */
export function arbPriorityContext(options: PriorityContextArbitraryOptions = {}): fc.Arbitrary<PriorityContext> {
  const notBefore = options.notBefore ?? DEFAULT_FROM;
  const span = options.span ?? 30 * DAY;
  const customer = options.customer ?? maybe(arbCustomer());
  return fc
    .integer({ min: notBefore, max: notBefore + span })
    .chain((now) =>
      fc.record({
        now: fc.constant(now),
        customer,
        sla: options.sla === false ? fc.constant(undefined) : options.sla === true ? arbSlaInfo(now) : maybe(arbSlaInfo(now)),
      }),
    )
    .map((ctx) => deepFreeze(compact(ctx)));
}

/**
 * Options of `arbThreadWithContext`.
 *
 * @example
 * ```ts
 * import type { ThreadWithContextOptions } from 'omnithread/testing';
 * const options: ThreadWithContextOptions = { thread: { channels: ['chat'] }, withCustomer: true };
 * ```
 */
export interface ThreadWithContextOptions {
  readonly thread?: ThreadArbitraryOptions;
  readonly customer?: CustomerArbitraryOptions;
  /** Always give the thread its customer (default: sometimes none). */
  readonly withCustomer?: boolean;
  readonly sla?: boolean;
  /** `now` lies up to this long after the thread's last activity. Default 3 days. */
  readonly span?: number;
}

/**
 * A thread and a context that belong together: the customer is the thread's (same id and tenant)
 * and `now` is not before the thread's last activity.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { arbThreadWithContext } from 'omnithread/testing';
 * fc.assert(fc.property(arbThreadWithContext(), ({ thread, ctx }) => ctx.now >= thread.lastActivityAt));
 * ```
 */
export function arbThreadWithContext(options: ThreadWithContextOptions = {}): fc.Arbitrary<{ thread: Thread; ctx: PriorityContext }> {
  return arbThread(options.thread).chain((thread) => {
    const own = arbCustomer({ ...options.customer, id: thread.customerId, tenantId: thread.tenantId });
    return arbPriorityContext({
      notBefore: thread.lastActivityAt,
      span: options.span ?? 3 * DAY,
      customer: options.withCustomer ? own : maybe(own),
      ...(options.sla === undefined ? {} : { sla: options.sla }),
    }).map((ctx) => ({ thread, ctx }));
  });
}
