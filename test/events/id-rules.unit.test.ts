/**
 * Finding 6 of issue 13: `threadIdFor('acme', 'x\0y') === threadIdFor('acme\0x', 'y')`, and in one
 * batch the second tenant's event was taken for the first's duplicate. Tenant ids and every id string
 * of an event reject control characters (C0, DEL, C1) and lone surrogates; derived ids keep their
 * format (they are in stored logs) and are injective because a tenant id cannot hold their separator.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { threadIdFor } from '../../src/fold/ids.js';
import { safeParseEvent } from '../../src/events/parse.js';

const base = { tenantId: 'acme', schemaVersion: 2, occurredAt: '2026-11-23T09:00:00Z' } as const;
const sms = (extra: Record<string, unknown> = {}) => ({
  ...base,
  id: 'sms-1',
  type: 'message.received',
  channel: 'sms',
  from: { kind: 'phone', value: '+14158675310' },
  content: { text: 'hi' },
  ...extra,
});

/** An event with `bad` placed in one id-like field, and the path the rejection must name. */
const FIELDS: readonly (readonly [string, (bad: string) => Record<string, unknown>, (string | number)[]])[] = [
  ['event id', (bad) => sms({ id: bad }), ['id']],
  ['tenant id', (bad) => sms({ tenantId: bad }), ['tenantId']],
  ['chat visitor id', (bad) => sms({ channel: 'chat', from: { kind: 'chat', visitorId: bad } }), ['from', 'visitorId']],
  ['social platform', (bad) => sms({ channel: 'social', from: { kind: 'social', platform: bad, id: '42' } }), ['from', 'platform']],
  ['social id', (bad) => sms({ channel: 'social', from: { kind: 'social', platform: 'x', id: bad } }), ['from', 'id']],
  ['social scope', (bad) => sms({ channel: 'social', from: { kind: 'social', platform: 'messenger', scope: bad, id: '42' } }), ['from', 'scope']],
  ['social handle', (bad) => sms({ channel: 'social', from: { kind: 'social', platform: 'x', id: '42', handle: bad } }), ['from', 'handle']],
  ['external system', (bad) => sms({ from: { kind: 'external', system: bad, id: '42' } }), ['from', 'system']],
  ['external id', (bad) => sms({ from: { kind: 'external', system: 'crm', id: bad } }), ['from', 'id']],
  ['bot id', (bad) => sms({ author: { type: 'bot', botId: bad } }), ['author', 'botId']],
  ['thread id of a message', (bad) => sms({ threadId: bad }), ['threadId']],
  ['chat session id', (bad) => sms({ channel: 'chat', chat: { sessionId: bad } }), ['chat', 'sessionId']],
  ['social hint platform', (bad) => sms({ channel: 'social', social: { platform: bad } }), ['social', 'platform']],
  ['social conversation id', (bad) => sms({ channel: 'social', social: { conversationId: bad } }), ['social', 'conversationId']],
  ['call sid', (bad) => sms({ channel: 'call', call: { status: 'missed', callSid: bad } }), ['call', 'callSid']],
  ['tag', (bad) => sms({ tags: [bad] }), ['tags', 0]],
  ['agent id', (bad) => ({ ...base, id: 'a', type: 'agent.status_changed', agentId: bad, status: 'online' }), ['agentId']],
  ['thread id', (bad) => ({ ...base, id: 'a', type: 'thread.status_changed', threadId: bad, status: 'open' }), ['threadId']],
  ['assigned agent', (bad) => ({ ...base, id: 'a', type: 'thread.assigned', threadId: 'th_1', agentId: bad }), ['agentId']],
  ['actor id', (bad) => ({ ...base, id: 'a', type: 'thread.assigned', threadId: 'th_1', agentId: 'ana', by: { type: 'agent', id: bad } }), ['by', 'id']],
  ['team', (bad) => ({ ...base, id: 'a', type: 'thread.transferred', threadId: 'th_1', toTeam: bad }), ['toTeam']],
  ['customer id', (bad) => ({ ...base, id: 'a', type: 'identity.linked', identity: { kind: 'phone', value: '+14158675310' }, to: { kind: 'customer', customerId: bad } }), ['to', 'customerId']],
  ['merge event id', (bad) => ({ ...base, id: 'a', type: 'customer.unmerged', mergeEventId: bad }), ['mergeEventId']],
  ['split message id', (bad) => ({ ...base, id: 'a', type: 'thread.split', threadId: 'th_1', messageIds: [bad] }), ['messageIds', 0]],
  ['profile team', (bad) => ({ ...base, id: 'a', type: 'agent.profile_set', agentId: 'ana', teams: [bad] }), ['teams', 0]],
  ['skill name', (bad) => ({ ...base, id: 'a', type: 'agent.profile_set', agentId: 'ana', skills: [{ name: bad }] }), ['skills', 0, 'name']],
];

const BAD: readonly (readonly [string, string])[] = [
  ['NUL', 'x\u0000y'],
  ['a C0 control (ESC)', 'x\u001by'],
  ['a newline', 'x\ny'],
  ['DEL', 'x\u007fy'],
  ['a C1 control (NEL)', 'x\u0085y'],
  ['a lone high surrogate', 'x\ud800y'],
  ['a lone low surrogate', 'x\udc00'],
];

describe('id strings reject control characters and lone surrogates', () => {
  for (const [field, make, path] of FIELDS) {
    it.each(BAD)(`${field} with %s is INVALID_EVENT at its path`, (_what, bad) => {
      expect(safeParseEvent(sms()).ok).toBe(true);
      const r = safeParseEvent(make(bad));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('INVALID_EVENT');
      expect(r.error.issues.map((i) => i.path)).toContainEqual(path);
    });
  }

  it.each([
    ['an emoji (a surrogate pair)', 'ticket-🎫'],
    ['U+2028 LINE SEPARATOR', 'x\u2028y'],
    ['non-Latin letters', '주문-7781'],
    ['a zero-width joiner', 'a\u200db'],
    ['spaces and punctuation', 'Order #42 / EU'],
  ])('%s stays a valid id', (_what, ok) => {
    for (const [field, make] of FIELDS) expect(safeParseEvent(make(ok)).ok, field).toBe(true);
  });
});

describe('derived ids cannot collide across tenants', () => {
  it('the colliding pair of the finding: the NUL tenant id is rejected, so only one event can exist', async () => {
    expect(threadIdFor('acme', 'x\u0000y')).toBe(threadIdFor('acme\u0000x', 'y')); // the hash input, not the rule
    const engine = createEngine();
    const result = await engine.ingest([sms({ id: 'x\u0000y' }), sms({ tenantId: 'acme\u0000x', id: 'y' })]);
    expect(result.accepted).toBe(0);
    expect(result.rejected.map((r) => [r.index, r.error.code, r.error.issues[0]!.path])).toEqual([
      [0, 'INVALID_EVENT', ['id']],
      [1, 'INVALID_EVENT', ['tenantId']],
    ]);
  });

  it('two tenants in one batch never meet as duplicates, whatever their ids', async () => {
    const engine = createEngine();
    const result = await engine.ingest([sms({ tenantId: 'acme', id: 'x:y' }), sms({ tenantId: 'acme:x', id: 'y' }), sms({ tenantId: 'a', id: 'cme:x:y' })]);
    expect([result.accepted, result.duplicates, result.rejected.length]).toEqual([3, 0, 0]);
    expect(new Set(engine.threads().map((t) => t.id)).size).toBe(3);
  });
});
