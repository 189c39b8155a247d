/** Graceful close: work the engine accepted before `close()` finishes; work after it is refused. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { isOmnithreadError } from '../../src/errors.js';
import { createFileStore, createMemoryStore, type EventStore } from '../../src/store/index.js';

const sms = (i: number) => ({
  id: `sms-${i}`, tenantId: 'acme', type: 'message.received', schemaVersion: 2, occurredAt: 1_763_888_400_000 + i * 1000,
  channel: 'sms', from: { kind: 'phone', value: `+1415867${String(5300 + i).padStart(4, '0')}` }, content: { text: `hello ${i}` },
});

async function withStores(run: (store: () => Promise<EventStore>, label: string) => Promise<void>): Promise<void> {
  await run(async () => createMemoryStore(), 'memory');
  const dir = await mkdtemp(join(tmpdir(), 'omnithread-close-'));
  try {
    await run(() => createFileStore({ path: join(dir, 'events.jsonl') }), 'file');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('engine.close()', () => {
  it('50 of 50 ingests called right before close() succeed — also while the first is still waiting for ready() — and are in the store', async () => {
    await withStores(async (open, label) => {
      const store = await open();
      const engine = createEngine({ store });
      const calls = Array.from({ length: 50 }, (_, i) => engine.ingest(sms(i)));
      await engine.close();
      const results = await Promise.allSettled(calls);
      const failed = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
      expect(failed, label).toEqual([]);
      expect(results.map((r) => (r as PromiseFulfilledResult<{ accepted: number }>).value.accepted)).toEqual(Array(50).fill(1));
      if (label === 'file') {
        const reopened = await createFileStore({ path: (store as unknown as { path: string }).path, readOnly: true });
        expect(await reopened.lastPosition()).toBe(50);
        await reopened.close();
      }
    });
  });

  it('an ingest called after close() rejects with STORE_CLOSED and stores nothing; close() is idempotent', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store });
    await engine.ingest(sms(1));
    const closing = engine.close();
    const late = await engine.ingest(sms(2)).catch((e: unknown) => e);
    expect(isOmnithreadError(late, 'STORE_CLOSED')).toBe(true);
    expect(isOmnithreadError(await engine.advanceTo(0).catch((e: unknown) => e), 'STORE_CLOSED')).toBe(true);
    await closing;
    await engine.close();
    expect(engine.threads()).toHaveLength(1);
  });

  it('waits for an advanceTo started before it', async () => {
    const engine = createEngine();
    await engine.ingest(sms(1));
    const advancing = engine.advanceTo(1_763_888_400_000 + 3_600_000);
    await engine.close();
    await expect(advancing).resolves.toEqual([]);
  });
});
