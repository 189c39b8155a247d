/**
 * One sender whose every email starts a conversation (alerts, notifications, a large account): one
 * customer with `n` threads. Each threading decision looks at that customer's threads; it must not
 * cost more as they grow (it did: 20,000 such emails took 3.3 s, quadratic in their number).
 */
import { createEngine, defaultThreadingPolicy } from '../dist/index.js';
import { benchClock } from './clock.js';

/**
 * `n` bare emails from one sender in calls of 1,000, watched; then one an hour late, alone. With
 * `subjectWindowMs`, the default policy's same-subject rule is on, and every subject is different
 * (an alert's number in it): each email compares its base subject with those of the threads active
 * within the window.
 */
export async function oneSenderManyThreads(n: number, subjectWindowMs = 0): Promise<{ ms: number; lateMs: number; threads: number }> {
  const t0 = Date.UTC(2026, 0, 1);
  const email = (i: number, occurredAt: number) => ({
    id: `m${i}`,
    tenantId: 't',
    type: 'message.received',
    schemaVersion: 2,
    occurredAt,
    channel: 'email',
    from: { kind: 'email', value: 'alerts@example.com' },
    content: { text: `alert ${i}`, subject: `Alert ${i}: disk full on host-${i % 97}` },
    email: { messageId: `<alert-${i}@example.com>` },
  });
  const threading = subjectWindowMs > 0 ? defaultThreadingPolicy({ email: { subjectMatchWindowMs: subjectWindowMs } }) : undefined;
  const engine = createEngine({ clock: benchClock, ...(threading ? { policies: { threading } } : {}) });
  engine.on('thread.updated', () => undefined);
  const start = performance.now();
  for (let i = 0; i < n; i += 1000) await engine.ingest(Array.from({ length: Math.min(1000, n - i) }, (_, k) => email(i + k, t0 + (i + k) * 60_000)));
  const ms = performance.now() - start;
  const lateStart = performance.now();
  const r = await engine.ingest(email(n, t0 + n * 60_000 - 3_600_000));
  const lateMs = performance.now() - lateStart;
  if (r.accepted !== 1) throw new Error('one_sender: the late email was not accepted');
  return { ms, lateMs, threads: engine.threads().length };
}
