/**
 * Child process of the fail-over test: one partition owner. Talks to the test over IPC:
 * - sends `{ type: 'started' }`, waits for `{ type: 'go' }` (so that all owners claim together);
 * - sends `{ type: 'owned', owned, at }` whenever its set of partitions changes;
 * - sends `{ type: 'snapshot', partition, action, position, error }` for each snapshot report;
 * - on `{ type: 'state' }` waits until each of its engines has folded the store's head, then sends
 *   `{ type: 'state', owned, tenants: { [tenantId]: { threads, customers } } }` (plain JSON);
 * - on `{ type: 'close' }` closes the owner and exits 0.
 * Usage: node --import tsx owner-process.ts <connectionString> <schema> <partitions> <expectedOwners> <claimEveryMs> [snapshotEveryEvents]
 */
import { createPartitionOwner } from '../../../src/cluster/index.js';
import { defaultRoutingPolicy } from '../../../src/policies/routing/index.js';

const [connectionString, schema, partitionsArg, expectedArg, everyArg, snapshotArg] = process.argv.slice(2);
if (!connectionString || !schema || !partitionsArg || !expectedArg || !everyArg || !process.send) throw new Error('usage: owner-process.ts <connectionString> <schema> <partitions> <expectedOwners> <claimEveryMs> (with an IPC channel)');
const send = (message: unknown) => process.send!(message);

await new Promise<void>((resolve) => {
  process.on('message', (m: { type: string }) => m.type === 'go' && resolve());
  send({ type: 'started' });
});

const owner = await createPartitionOwner({
  connectionString,
  schema,
  partitions: Number(partitionsArg),
  expectedOwners: Number(expectedArg),
  claimEveryMs: Number(everyArg),
  snapshots: { everyEvents: Number(snapshotArg ?? 10_000) },
  onSnapshot: (r) => send({ type: 'snapshot', partition: r.partition, action: r.action, position: r.position, error: r.error === undefined ? undefined : String(r.error) }),
  engineOptions: { policies: { routing: defaultRoutingPolicy({ stickyWindowMs: 0 }) } },
});

let last = '';
const report = () => {
  const owned = owner.owned();
  if (JSON.stringify(owned) !== last) send({ type: 'owned', owned, at: Date.now() });
  last = JSON.stringify(owned);
};
report();
const watch = setInterval(report, 50);

async function state(): Promise<unknown> {
  const tenants: Record<string, unknown> = {};
  for (const engine of owner.engines().values()) {
    for (let end = Date.now() + 20_000; (await engine.lag()).behindEvents > 0 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    await engine.caughtUp();
    const ids = new Set([...engine.customers().map((c) => c.tenantId), ...engine.threads().map((t) => t.tenantId)]);
    for (const tenantId of ids) tenants[tenantId] = { threads: engine.threads({ tenantId }), customers: engine.customers({ tenantId }) };
  }
  return JSON.parse(JSON.stringify({ type: 'state', owned: owner.owned(), tenants }));
}

process.on('message', (m: { type: string }) => {
  if (m.type === 'state') void state().then(send, (error: unknown) => send({ type: 'error', message: String(error) }));
  if (m.type === 'close') {
    clearInterval(watch);
    void owner.close().then(() => process.exit(0), () => process.exit(1));
  }
});
