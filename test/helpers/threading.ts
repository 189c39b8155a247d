import { defaultThreadingPolicy } from '../../src/threading/default-policy.js';
import type { ThreadingPolicy } from '../../src/threading/policy.js';

/**
 * The default policy shown only what a context built by hand has (no `threadsByActivity`): it scans
 * every thread. The oracle the activity order is checked against.
 */
export function scanningPolicy(options: Parameters<typeof defaultThreadingPolicy>[0]): ThreadingPolicy {
  const inner = defaultThreadingPolicy(options);
  return {
    name: inner.name,
    ...(inner.fingerprint === undefined ? {} : { fingerprint: inner.fingerprint }),
    decide: (input, ctx) =>
      inner.decide(input, {
        threads: ctx.threads,
        threadByEmailMessageId: (id) => ctx.threadByEmailMessageId(id),
        threadByRef: (ref) => ctx.threadByRef(ref),
        threadBySocialKey: (platform, id) => ctx.threadBySocialKey(platform, id),
        threadByChatSession: (id) => ctx.threadByChatSession(id),
      }),
  };
}
