/**
 * A follower over PostgreSQL: its own store connection (as in another process), tailing what a
 * writer appends through LISTEN/NOTIFY; it converges on the writer's state and its lag reaches 0.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { PG_URL, dropSchema, pgAvailable, pgSkipReason, uniqueSchema } from './helpers/postgres.js';

const sms = (i: number) => ({
  id: `sms-${i}`, tenantId: `t${i % 3}`, type: 'message.received', schemaVersion: 2, occurredAt: 1_763_888_400_000 + i * 60_000,
  channel: 'sms', from: { kind: 'phone', value: `+1415867${String(5300 + (i % 5))}` }, content: { text: `hello ${i}` },
});

describe.skipIf(!pgAvailable)(`a follower engine over PostgreSQL${pgAvailable ? '' : ` (${pgSkipReason})`}`, () => {
  const schema = uniqueSchema('follow');
  afterAll(() => dropSchema(schema));

  it('tails a writer on another connection, converges on its state, lag reaches 0', async () => {
    const writer = createEngine({ store: await createPostgresStore({ connectionString: PG_URL, schema }) });
    const follower = createEngine({ store: await createPostgresStore({ connectionString: PG_URL, schema, pollIntervalMs: 200 }), mode: 'follower' });
    await follower.ready();
    for (let i = 0; i < 40; i += 4) await writer.ingest([sms(i), sms(i + 1), sms(i + 2), sms(i + 3)]);
    const end = Date.now() + 10_000;
    while ((await follower.lag()).behindEvents > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    await follower.caughtUp();
    expect(await follower.lag()).toMatchObject({ behindEvents: 0, storeHead: 40, position: 40, following: true });
    expect(JSON.parse(JSON.stringify(follower.threads()))).toEqual(JSON.parse(JSON.stringify(writer.threads())));
    await Promise.all([writer.close(), follower.close()]);
  });
});
