/**
 * An engine nobody watches defers folding until the next read: the state a read sees is the one an
 * engine that folds every ingest at once would show, and a listener hears only of what changes after
 * it subscribed.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { stateOf } from '../helpers/state.js';

const T0 = Date.UTC(2026, 10, 1);
const history = Array.from({ length: 300 }, (_, i) => ({
  id: `m${i}`,
  tenantId: 't',
  type: 'message.received',
  schemaVersion: 2,
  occurredAt: T0 + i * 60_000,
  channel: i % 3 === 0 ? 'email' : 'sms',
  from: i % 3 === 0 ? { kind: 'email', value: 'a@example.com' } : { kind: 'phone', value: '+14155551000' },
  content: { text: `message ${i}` },
  ...(i % 3 === 0 ? { email: { messageId: `<m${i}@x>`, ...(i >= 3 ? { inReplyTo: `<m${i - 3}@x>` } : {}) } } : {}),
}));
const link = { id: 'link', tenantId: 't', type: 'identity.linked', schemaVersion: 2, occurredAt: T0 + 150 * 60_000, identity: { kind: 'email', value: 'a@example.com' }, to: { kind: 'phone', value: '+14155551000' } };

describe('deferred folding', () => {
  it('a backlog delivered newest-first, one event per call, reads the same unwatched as watched', async () => {
    const unwatched = createEngine();
    const watched = createEngine();
    let updates = 0;
    watched.on('thread.updated', () => updates++);
    for (const e of [link, ...history].reverse()) {
      await unwatched.ingest(e);
      await watched.ingest(e);
    }
    expect(updates).toBeGreaterThan(0);
    expect(stateOf(unwatched)).toEqual(stateOf(watched));
  });

  it('a read in between sees everything ingested before it', async () => {
    const engine = createEngine();
    await engine.ingest(history[10]!);
    expect(engine.threads()).toHaveLength(1);
    await engine.ingest(history[4]!);
    expect(engine.threads().flatMap((t) => t.messages.map((m) => m.id)).sort()).toEqual(['m10', 'm4']);
  });

  it('a listener that subscribes after deferred ingests hears only of later changes', async () => {
    const engine = createEngine();
    await engine.ingest(history.slice(0, 5));
    const created: string[] = [];
    engine.on('thread.created', (t) => created.push(t.messages[0]!.id));
    expect(created).toEqual([]);
    await engine.ingest({ ...history[7]!, from: { kind: 'phone', value: '+14155559999' } });
    expect(created).toEqual(['m7']);
  });
});
