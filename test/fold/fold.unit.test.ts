import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { parseEvent } from '../../src/events/parse.js';
import { fold, initialState } from '../../src/fold/index.js';
import { isOmnithreadError } from '../../src/errors.js';
import { stateOf } from '../helpers/state.js';

const at = (minute: number) => Date.UTC(2026, 10, 23, 9, minute);
const sms = (id: string, minute: number, text: string) =>
  parseEvent({ id, tenantId: 'acme', type: 'message.received', schemaVersion: 2, occurredAt: at(minute), channel: 'sms', from: { kind: 'phone', value: '(415) 867-5310' }, content: { text } });
const link = parseEvent({
  id: 'link-1', tenantId: 'acme', type: 'identity.linked', schemaVersion: 2, occurredAt: at(5),
  identity: { kind: 'email', value: 'alice@example.com' }, to: { kind: 'phone', value: '+14158675310' },
});
const mail = parseEvent({
  id: '<m1@x>', tenantId: 'acme', type: 'message.received', schemaVersion: 2, occurredAt: at(6), channel: 'email',
  from: { kind: 'email', value: 'Alice@Example.com' }, content: { subject: 'Order', text: 'Any news?' }, email: { messageId: '<m1@x>' },
});

describe('fold(): the core as a plain function', () => {
  it('gives the state the engine gives for the same events, with no store, engine or async', async () => {
    const events = [sms('SM1', 0, 'hi'), sms('SM2', 1, 'again'), link, mail];
    const state = fold(initialState({ defaultRegion: 'US' }), events);
    const engine = createEngine({ defaultRegion: 'US' });
    await engine.ingest(events);
    expect(stateOf(state)).toEqual(stateOf(engine));
    expect(state.size).toBe(4);
  });

  it('depends on the set: any order, folded in any number of steps, with duplicates', () => {
    const events = [sms('SM1', 0, 'hi'), sms('SM2', 1, 'again'), link, mail];
    const once = fold(initialState({ defaultRegion: 'US' }), events);
    let stepped = initialState({ defaultRegion: 'US' });
    for (const e of [...events].reverse()) stepped = fold(stepped, [e, e]);
    expect(stateOf(stepped)).toEqual(stateOf(once));
    expect(stepped.size).toBe(4);
  });

  it('refuses the same id with other content, before applying anything of the batch', () => {
    const state = fold(initialState({ defaultRegion: 'US' }), [sms('SM1', 0, 'hi')]);
    let error: unknown;
    try {
      fold(state, [sms('SM9', 2, 'new'), sms('SM1', 0, 'changed')]);
    } catch (e) {
      error = e;
    }
    expect(isOmnithreadError(error, 'DUPLICATE_CONFLICT')).toBe(true);
    expect(state.size).toBe(1);
    expect(state.threads()[0]!.messages.map((m) => m.id)).toEqual(['SM1']);
  });

  it('refuses a state that does not come from initialState()', () => {
    expect(() => fold({} as never, [])).toThrow(/initialState/);
  });
});
