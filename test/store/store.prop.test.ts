import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createFileStore, createMemoryStore, type EventStore, type ExpectedStreamVersion } from '../../src/store/index.js';
import { note, readAllEvents, rejection } from './helpers/events.js';

/** A deliberately small id and content space, so that duplicates and conflicts are frequent. */
const appendOp = fc.record({
  stream: fc.constantFrom('acme', 'globex'),
  events: fc.array(fc.record({ id: fc.constantFrom('e1', 'e2', 'e3', 'e4'), text: fc.constantFrom('x', 'y') }), { maxLength: 4 }),
  expected: fc.oneof(
    fc.constantFrom<ExpectedStreamVersion>('any', 'no_stream', 'stream_exists'),
    fc.integer({ min: 0, max: 4 }),
  ),
});
type AppendOp = typeof appendOp extends fc.Arbitrary<infer T> ? T : never;

interface ModelEntry {
  stream: string;
  id: string;
  text: string;
}

/** The specification, written as plainly as possible: what each append must do. */
function applyToModel(log: ModelEntry[], op: AppendOp): { outcome: string; appended: string[]; duplicates: string[] } {
  const inStream = log.filter((e) => e.stream === op.stream);
  const known = new Map(inStream.map((e) => [e.id, e.text]));
  const appended: string[] = [];
  const duplicates: string[] = [];
  for (const { id, text } of op.events) {
    const seen = known.get(id);
    if (seen === undefined) {
      known.set(id, text);
      appended.push(id);
    } else if (seen === text) duplicates.push(id);
    else return { outcome: 'DUPLICATE_CONFLICT', appended: [], duplicates: [] };
  }
  const version = inStream.length;
  const e = op.expected;
  const versionOk = e === 'any' || (e === 'no_stream' && version === 0) || (e === 'stream_exists' && version > 0) || e === version;
  if (appended.length > 0 && !versionOk) return { outcome: 'VERSION_CONFLICT', appended: [], duplicates: [] };
  for (const id of appended) log.push({ stream: op.stream, id, text: known.get(id) as string });
  return { outcome: 'resolved', appended, duplicates };
}

async function runAgainstModel(store: EventStore, ops: AppendOp[]): Promise<ModelEntry[]> {
  const log: ModelEntry[] = [];
  for (const op of ops) {
    const expected = applyToModel(log, op);
    const call = store.appendToStream(op.stream, op.events.map((e) => note(e.id, op.stream, e.text)), { expectedStreamVersion: op.expected });
    const outcome = await rejection(call);
    expect(outcome).toBe(expected.outcome);
    if (outcome === 'resolved') {
      const result = await call;
      expect(result.appended.map((s) => s.event.id)).toEqual(expected.appended);
      expect(result.duplicates).toEqual(expected.duplicates);
      expect(result.nextExpectedStreamVersion).toBe(log.filter((e) => e.stream === op.stream).length);
    }
  }
  const all = await readAllEvents(store, { batchSize: 3 });
  expect(all.map((s) => ({ stream: s.streamName, id: s.event.id, text: s.event.type === 'note.added' ? s.event.text : '' }))).toEqual(log);
  expect(all.map((s) => s.globalPosition)).toEqual(log.map((_, i) => i + 1));
  return log;
}

describe('event stores agree with a plain model of append semantics', () => {
  test.prop([fc.array(appendOp, { maxLength: 25 })], { numRuns: 150 })('memory store', async (ops) => {
    const store = createMemoryStore();
    await runAgainstModel(store, ops);
    await store.close();
  });

  test.prop([fc.array(appendOp, { maxLength: 25 })], { numRuns: 15 })('file store, including after reopen', async (ops) => {
    const dir = await mkdtemp(join(tmpdir(), 'omnithread-prop-'));
    try {
      const path = join(dir, 'events.jsonl');
      const store = await createFileStore({ path, fsync: 'never' });
      const log = await runAgainstModel(store, ops);
      await store.close();
      const reopened = await createFileStore({ path });
      const all = await readAllEvents(reopened);
      expect(all.map((s) => s.event.id)).toEqual(log.map((e) => e.id));
      for (const stream of ['acme', 'globex']) {
        expect((await reopened.readStream(stream)).currentStreamVersion).toBe(log.filter((e) => e.stream === stream).length);
      }
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
