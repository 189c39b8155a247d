/**
 * Lossless round trip: whatever the store accepted, ingest accepts again. An exported log (the
 * stored events, as JSON) imported into a fresh engine gives the same state, with nothing rejected —
 * pre-1970 dates included (stored as negative epoch milliseconds).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/engine.js';

/** Histories at any epoch, up to the end of the Date range: the clock check must not be what refuses them. */
const FAR_FUTURE = () => 8.64e15;
import { parseEvent } from '../../src/events/parse.js';
import { arbEventHistory } from '../../src/testing/histories.js';
import { stateOf } from '../helpers/state.js';

const DEEP = process.env.OMNITHREAD_DEEP === '1';

async function exported(engine: Engine): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const batch of engine.store.readAll()) for (const s of batch) out.push(JSON.parse(JSON.stringify(s.event)));
  return out;
}

describe('export → import', () => {
  it('an event dated before 1970 is stored as negative epoch ms and accepted again when the log is re-ingested', async () => {
    const moon = {
      id: 'em-1969', tenantId: 'acme', type: 'message.received', schemaVersion: 2, occurredAt: '1969-07-20T20:17:40Z',
      channel: 'email', from: { kind: 'email', value: 'buzz@nasa.gov' }, content: { subject: 'Tranquility', text: 'The Eagle has landed' },
    };
    const first = createEngine({ clock: FAR_FUTURE });
    expect((await first.ingest(moon)).accepted).toBe(1);
    const [stored] = await exported(first);
    expect((stored as { occurredAt: number }).occurredAt).toBe(Date.UTC(1969, 6, 20, 20, 17, 40));
    const again = createEngine({ clock: FAR_FUTURE });
    const result = await again.ingest(stored);
    expect(result.rejected.map((r) => r.error.message)).toEqual([]);
    expect(stateOf(again)).toEqual(stateOf(first));
  });

  it('the epoch-ms range is the whole Date range, symmetric: ±8.64e15 in, one past it out', () => {
    const at = (occurredAt: number) => () => parseEvent({ id: 'n', tenantId: 't', type: 'note.added', schemaVersion: 2, occurredAt, threadId: 'x', agentId: 'a', text: 'y' });
    expect(at(-8.64e15)().occurredAt).toBe(-8.64e15);
    expect(at(8.64e15)().occurredAt).toBe(8.64e15);
    expect(at(-8.64e15 - 1)).toThrow();
    expect(at(8.64e15 + 1)).toThrow();
    expect(at(Date.parse('0000-01-01T00:00:00Z'))().occurredAt).toBe(-62_167_219_200_000);
  });

  it('any history, at any epoch: every stored event re-ingests into a fresh engine, nothing rejected, the same state', async () => {
    const epochs = [Date.UTC(2026, 10, 2, 8), Date.UTC(1969, 11, 31, 23), Date.UTC(1900, 0, 1), Date.UTC(1, 0, 1), Date.UTC(9999, 11, 30)];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...epochs).chain((startAt) => arbEventHistory({ tenants: 2, startAt })),
        fc.boolean(),
        async (history, asIso) => {
          // Half the time the times come as ISO strings (the form channels send), else epoch ms.
          const events = asIso ? history.map((e) => ({ ...e, occurredAt: new Date(e.occurredAt as number).toISOString() })) : history;
          const first = createEngine({ clock: FAR_FUTURE });
          expect((await first.ingest(events)).rejected.map((r) => r.error.message)).toEqual([]);
          const log = await exported(first);
          const again = createEngine({ clock: FAR_FUTURE });
          const result = await again.ingest(log);
          expect(result.rejected.map((r) => `${r.error.code}: ${r.error.message}`)).toEqual([]);
          expect(result.accepted).toBe(log.length);
          expect(stateOf(again)).toEqual(stateOf(first));
        },
      ),
      { numRuns: DEEP ? 2000 : 200 },
    );
  });
});
