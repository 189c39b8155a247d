import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { engineWith, stateOf } from '../helpers/state.js';

const at = (minute: number) => Date.UTC(2026, 10, 1, 9, minute);
const base = { tenantId: 't', schemaVersion: 2 } as const;

describe('re-indexing after a re-fold', () => {
  // Found by the replay = live property: a late unmerge makes the component re-fold; the re-fold
  // creates a thread an assignment was waiting for, and the assignment folds in during that re-fold's
  // re-indexing. Its change must still reach the indexes (agent load), as it does live.
  it('an event released by a re-fold is re-indexed too', async () => {
    const email = { kind: 'email', value: 'ana@example.com' } as const;
    const merge = { ...base, id: 'merge', type: 'customer.merged', occurredAt: at(10), source: { kind: 'phone', value: '+14155551002' }, target: email };
    const unmerge = { ...base, id: 'unmerge', type: 'customer.unmerged', occurredAt: at(5), mergeEventId: 'merge' };
    const reply = { ...base, id: 'reply', type: 'message.sent', occurredAt: at(20), channel: 'email', to: email, content: { text: 'hi' }, author: { type: 'agent', agentId: 'a1' } };
    const online = { ...base, id: 'online', type: 'agent.status_changed', occurredAt: at(1), agentId: 'a1', status: 'online' };
    const live = await engineWith([[online, merge, unmerge], [reply]]);
    const threadId = live.threads()[0]!.id;
    await live.ingest([{ ...base, id: 'assign', type: 'thread.assigned', occurredAt: at(21), threadId, agentId: 'a1' }]);
    expect(live.agents()[0]!.load).toEqual({ email: 1 });

    const replayed = createEngine({ store: live.store });
    await replayed.ready();
    expect(replayed.agents()[0]!.load).toEqual({ email: 1 });
    expect(stateOf(replayed)).toEqual(stateOf(live));
  });
});
