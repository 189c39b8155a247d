/**
 * The claim rule of partition owners, step by step in one process (each owner's locks are on
 * connections of its own, so they exclude each other as separate processes would): owners started
 * in turn take a fair share each; a freed partition goes first to an owner under its share, and
 * to anyone once it has stayed free for a whole round; a closed owner's engines stop and its locks go.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createPartitionOwner, type PartitionOwner } from '../../src/cluster/index.js';
import { isOmnithreadError } from '../../src/errors.js';
import { partitionOf } from '../../src/store/postgres/partitions.js';
import { PG_URL, dropSchema, pgAvailable, pgSkipReason, uniqueSchema } from '../store/helpers/postgres.js';

const HOUR = 3_600_000; // no timer round runs during the test: rounds are called by hand

describe.skipIf(!pgAvailable)(`partition owners claim partitions fairly${pgAvailable ? '' : ` (${pgSkipReason})`}`, () => {
  const schema = uniqueSchema('owners');
  const open: PartitionOwner[] = [];
  afterAll(async () => {
    await Promise.all(open.map((o) => o.close()));
    await dropSchema(schema);
  });
  const start = async () => {
    const o = await createPartitionOwner({ connectionString: PG_URL, schema, partitions: 8, expectedOwners: 3, claimEveryMs: HOUR });
    open.push(o);
    return o;
  };

  it('fair shares at start; a freed partition goes to whoever is under its share, then to anyone after one round', async () => {
    const a = await start();
    const b = await start();
    const c = await start();
    expect([a.owned().length, b.owned().length, c.owned().length]).toEqual([3, 3, 2]);
    expect(new Set([...a.owned(), ...b.owned(), ...c.owned()]).size).toBe(8);
    await Promise.all([a.claim(), b.claim(), c.claim()]);
    expect([a.owned().length, b.owned().length, c.owned().length]).toEqual([3, 3, 2]);

    const tenant = Array.from({ length: 100 }, (_, i) => `t-${i}`).find((t) => b.owned().includes(partitionOf(t, 8)))!;
    const engine = b.engineFor(tenant)!;
    expect(engine).toBeDefined();
    expect(a.engineFor(tenant)).toBeUndefined();
    const freed = b.owned();
    await b.close();
    open.splice(open.indexOf(b), 1);
    await expect(engine.ingest([])).rejects.toSatisfy((e: unknown) => isOmnithreadError(e, 'STORE_CLOSED'));

    await a.claim(); // at its share: sees them free, leaves them
    expect(a.owned().length).toBe(3);
    await c.claim(); // under its share: takes one
    expect(c.owned().length).toBe(3);
    await a.claim(); // the others have been free for a whole round: anyone takes them
    expect(a.owned().length).toBe(5);
    expect([...a.owned(), ...c.owned()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(freed.every((p) => a.owned().includes(p) || c.owned().includes(p))).toBe(true);
    expect(a.engineFor(tenant) ?? c.engineFor(tenant)).toBeDefined();
  });

  it('rejects bad options with INVALID_ARGUMENT', async () => {
    for (const bad of [{ partitions: 0 }, { partitions: 8, expectedOwners: 0 }, { partitions: 8, claimEveryMs: 1 }]) {
      await expect(createPartitionOwner({ connectionString: PG_URL, schema, ...bad })).rejects.toSatisfy((e: unknown) => isOmnithreadError(e, 'INVALID_ARGUMENT'));
    }
  });
});
