/**
 * Restart and late-delivery rows of `npm run bench`: resuming from a snapshot of the folded state
 * (written as lines and read back, as a host persists it) against a replay of the same store; and one
 * customer's history delivered newest-first, one event per ingest call.
 */
import { createEngine, readSnapshot, snapshotLines, type EventStore } from '../dist/index.js';
import { benchClock } from './clock.js';

/** Resume from a snapshot of `store`'s state: the lines are read back, then the engine resumes. */
export async function resumeFromSnapshot(store: EventStore): Promise<{ ms: number; bytes: number; threads: number }> {
  const source = createEngine({ store, clock: benchClock });
  await source.ready();
  const lines = [...snapshotLines(source.snapshot())];
  const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
  const t0 = performance.now();
  const snapshot = await readSnapshot(lines);
  const resumed = createEngine({ store, snapshot, clock: benchClock });
  await resumed.ready();
  const ms = performance.now() - t0;
  return { ms, bytes, threads: resumed.threads().length };
}

/** One customer's `n` events (SMS, WhatsApp and email replies), newest first, one per ingest call. */
export async function lateReversed(n: number, watched: boolean): Promise<number> {
  const t0 = Date.UTC(2026, 10, 1);
  const engine = createEngine({ clock: benchClock });
  if (watched) engine.on('thread.updated', () => undefined);
  const link = { id: 'link', tenantId: 't', type: 'identity.linked', schemaVersion: 2, occurredAt: t0 - 1, identity: { kind: 'email', value: 'a@example.com' }, to: { kind: 'phone', value: '+14155551000' } };
  const events = Array.from({ length: n }, (_, i) => {
    const email = i % 3 === 0;
    return {
      id: `m${i}`,
      tenantId: 't',
      type: 'message.received',
      schemaVersion: 2,
      occurredAt: t0 + i * 60_000,
      channel: email ? 'email' : i % 3 === 1 ? 'sms' : 'whatsapp',
      from: email ? { kind: 'email', value: 'a@example.com' } : { kind: 'phone', value: '+14155551000' },
      content: { text: `message ${i}` },
      ...(email ? { email: { messageId: `<m${i}@x>`, ...(i >= 3 ? { inReplyTo: `<m${i - 3}@x>` } : {}) } } : {}),
    };
  });
  const start = performance.now();
  await engine.ingest(link);
  for (let i = n - 1; i >= 0; i--) await engine.ingest(events[i]);
  if (engine.threads().length === 0) throw new Error('late_reversed: no threads');
  return performance.now() - start;
}

/**
 * Late events in one large component: one customer's `n` texts in one thread, ingested in order with
 * a `thread.updated` listener, then two events an hour and a half-hour late, one per call. The first
 * re-folds the component from its first event (and leaves a checkpoint just before itself); the
 * second lands after that checkpoint and re-folds from there.
 */
export async function lateInLargeComponent(n: number): Promise<{ firstMs: number; nextMs: number }> {
  const t0 = Date.UTC(2026, 0, 1);
  const text = (i: number, occurredAt: number) => ({ id: `m${i}`, tenantId: 't', type: 'message.received', schemaVersion: 2, occurredAt, channel: 'sms', from: { kind: 'phone', value: '+14155551000' }, content: { text: `message ${i}` } });
  const engine = createEngine({ clock: benchClock });
  engine.on('thread.updated', () => undefined);
  for (let i = 0; i < n; i += 1000) await engine.ingest(Array.from({ length: Math.min(1000, n - i) }, (_, k) => text(i + k, t0 + (i + k) * 600_000)));
  const end = t0 + n * 600_000;
  const timedIngest = async (event: unknown) => {
    const start = performance.now();
    const r = await engine.ingest(event);
    if (r.accepted !== 1) throw new Error('late_in_large_component: the late event was not accepted');
    return performance.now() - start;
  };
  const firstMs = await timedIngest(text(n, end - 3_600_000));
  const nextMs = await timedIngest(text(n + 1, end - 1_800_000));
  return { firstMs, nextMs };
}
