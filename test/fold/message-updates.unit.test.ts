/**
 * The fold of message.delivery_updated, message.edited and message.deleted: an update changes the
 * message it names when that message exists at its point in fold order, else nothing (listed by
 * unapplied()); the delivery status is the furthest report whatever the order; views stay frozen.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';

const base = { tenantId: 'acme', schemaVersion: 2 } as const;
const ana = { kind: 'phone', value: '+14158675310' } as const;
const sent = { ...base, id: 'SM1', type: 'message.sent', occurredAt: 1000, channel: 'sms', to: ana, author: { type: 'agent', agentId: 'ana' }, content: { text: 'Parcel left today.' } } as const;
const received = { ...base, id: 'SM0', type: 'message.received', occurredAt: 500, channel: 'sms', from: ana, content: { text: 'Where is it?', subject: 'Order' } } as const;
const report = (id: string, occurredAt: number, status: 'sent' | 'delivered' | 'read' | 'failed', messageId = 'SM1') => ({ ...base, id, type: 'message.delivery_updated' as const, occurredAt, messageId, customer: ana, status });

describe('message updates in the fold', () => {
  it('the delivery status is the furthest report, whatever order the reports have in time', async () => {
    const engine = createEngine();
    await engine.ingest([sent, report('r3', 2000, 'read'), report('r2', 3000, 'delivered'), report('r1', 4000, 'failed')]);
    const m = engine.threads()[0]!.messages[0]!;
    expect(m.delivery).toEqual({ status: 'read', at: 2000, history: [
      { status: 'read', at: 2000, eventId: 'r3' }, { status: 'delivered', at: 3000, eventId: 'r2' }, { status: 'failed', at: 4000, eventId: 'r1' },
    ] });
    expect(Object.isFrozen(m.delivery!.history)).toBe(true);
  });

  it('a failed report carries the vendor error; a later delivered report wins over it', async () => {
    const engine = createEngine();
    await engine.ingest([sent, { ...report('f', 2000, 'failed'), error: { code: '30003', message: 'Unreachable handset' } }]);
    expect(engine.threads()[0]!.messages[0]!.delivery).toMatchObject({ status: 'failed', error: { code: '30003', message: 'Unreachable handset' } });
    await engine.ingest([report('d', 3000, 'delivered')]);
    expect(engine.threads()[0]!.messages[0]!.delivery).toMatchObject({ status: 'delivered', at: 3000 });
    expect(engine.threads()[0]!.messages[0]!.delivery).not.toHaveProperty('error');
  });

  it('an update before its message in fold order changes nothing and is listed with its reason', async () => {
    const engine = createEngine();
    await engine.ingest([sent, report('early', 900, 'sent'), report('other', 2000, 'sent', 'SM-unknown')]);
    expect(engine.threads()[0]!.messages[0]!.delivery).toBeUndefined();
    expect(engine.unapplied()).toEqual([
      { eventId: 'early', type: 'message.delivery_updated', occurredAt: 900, reason: 'message SM1 of this customer is unknown at this point' },
      { eventId: 'other', type: 'message.delivery_updated', occurredAt: 2000, reason: 'message SM-unknown of this customer is unknown at this point' },
    ]);
  });

  it('an update naming the message under another customer\'s identity does not touch it', async () => {
    const engine = createEngine();
    await engine.ingest([sent, { ...report('x', 2000, 'read'), customer: { kind: 'phone', value: '+14155550100' } }]);
    expect(engine.threads()[0]!.messages[0]!.delivery).toBeUndefined();
    expect(engine.unapplied().map((u) => u.eventId)).toEqual(['x']);
  });

  it('a delivery report about an inbound message is refused in the thread', async () => {
    const engine = createEngine();
    await engine.ingest([received, report('in', 600, 'read', 'SM0')]);
    expect(engine.threads()[0]!.ignored).toEqual([{ eventId: 'in', type: 'message.delivery_updated', occurredAt: 600, reason: 'message SM0 is inbound: delivery reports are about outbound messages' }]);
  });

  it('edits keep what the message said before; a deletion removes text, subject and edits; nothing edits it after', async () => {
    const engine = createEngine();
    await engine.ingest([received, { ...base, id: 'e1', type: 'message.edited', occurredAt: 600, messageId: 'SM0', customer: ana, content: { text: 'Where is my parcel?' } }]);
    expect(engine.threads()[0]!.messages[0]).toMatchObject({ text: 'Where is my parcel?', subject: 'Order', edits: [{ at: 600, eventId: 'e1', previousText: 'Where is it?', previousSubject: 'Order' }] });
    await engine.ingest([{ ...base, id: 'd1', type: 'message.deleted', occurredAt: 700, messageId: 'SM0', customer: ana }, { ...base, id: 'e2', type: 'message.edited', occurredAt: 800, messageId: 'SM0', customer: ana, content: { text: 'again' } }]);
    const m = engine.threads()[0]!.messages[0]!;
    expect(m.deleted).toEqual({ at: 700, eventId: 'd1' });
    expect(m).not.toHaveProperty('text');
    expect(m).not.toHaveProperty('subject');
    expect(m).not.toHaveProperty('edits');
    expect(engine.threads()[0]!.ignored).toEqual([{ eventId: 'e2', type: 'message.edited', occurredAt: 800, reason: 'message SM0 was deleted' }]);
  });

  it('a message found after a customer merge moved its thread is still updated', async () => {
    const engine = createEngine();
    await engine.ingest([
      sent,
      { ...base, id: 'mail', type: 'message.received', occurredAt: 1100, channel: 'email', from: { kind: 'email', value: 'ana@example.com' } },
      { ...base, id: 'link', type: 'identity.linked', occurredAt: 1200, identity: ana, to: { kind: 'email', value: 'ana@example.com' } },
      report('late', 5000, 'delivered'),
    ]);
    const withSm1 = engine.threads().find((t) => t.messages.some((m) => m.id === 'SM1'))!;
    expect(withSm1.messages.find((m) => m.id === 'SM1')!.delivery?.status).toBe('delivered');
  });
});
