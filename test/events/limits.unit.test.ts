/**
 * Finding 9 of issue 13: a 200k-key `attributes` record was accepted, and afterwards every
 * attribute set on that customer cost 314 ms and `customers()` 343 ms. Every string, array and
 * record of every event is bounded now: fixed shape bounds in the schema (`INVALID_EVENT`), and the
 * sizes a deployment may tune in `IngestLimits` (`LIMIT_EXCEEDED`, naming the path and the limit).
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { DEFAULT_LIMITS, type IngestLimits } from '../../src/events/limits.js';
import { eventJsonSchema } from '../../src/events/json-schema.js';
import { safeParseEvent } from '../../src/events/parse.js';
import { EVENT_TYPES } from '../../src/events/schemas.js';

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
const attributes = (extra: Record<string, unknown>) => ({
  ...base,
  id: 'crm-1',
  type: 'customer.attributes_set',
  customer: { kind: 'phone', value: '+14158675310' },
  ...extra,
});
const record = (n: number, value: unknown = 1) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value]));
const list = (n: number, item: (i: number) => unknown = (i) => `t${i}`) => Array.from({ length: n }, (_, i) => item(i));
const note = (text: string) => ({ ...base, id: 'n', type: 'note.added', threadId: 'th_1', agentId: 'kim', text });
const profile = (extra: Record<string, unknown>) => ({ ...base, id: 'p', type: 'agent.profile_set', agentId: 'kim', ...extra });

/** For each limit: an event just within it, one just over it, and the path the rejection names. */
const CASES: readonly (readonly [keyof IngestLimits, (over: boolean) => unknown, (string | number)[]])[] = [
  ['maxAttributeKeys', (over) => attributes({ attributes: record(DEFAULT_LIMITS.maxAttributeKeys + (over ? 1 : 0)) }), ['attributes']],
  ['maxAttributeKeys', (over) => sms({ metadata: record(DEFAULT_LIMITS.maxAttributeKeys + (over ? 1 : 0)) }), ['metadata']],
  ['maxAttributeKeyLength', (over) => attributes({ attributes: { ['k'.repeat(DEFAULT_LIMITS.maxAttributeKeyLength + (over ? 1 : 0))]: 1 } }), ['attributes', 'k'.repeat(DEFAULT_LIMITS.maxAttributeKeyLength + 1)]],
  ['maxAttributeValueLength', (over) => attributes({ attributes: { crm: 'v'.repeat(DEFAULT_LIMITS.maxAttributeValueLength + (over ? 1 : 0)) } }), ['attributes', 'crm']],
  ['maxAttributeValueLength', (over) => sms({ metadata: { order: 'v'.repeat(DEFAULT_LIMITS.maxAttributeValueLength + (over ? 1 : 0)) } }), ['metadata', 'order']],
  ['maxTags', (over) => sms({ tags: list(DEFAULT_LIMITS.maxTags + (over ? 1 : 0)) }), ['tags']],
  ['maxTags', (over) => ({ ...base, id: 'tg', type: 'thread.tagged', threadId: 'th_1', add: list(DEFAULT_LIMITS.maxTags + (over ? 1 : 0)) }), ['add']],
  ['maxTags', (over) => ({ ...base, id: 'tg', type: 'thread.tagged', threadId: 'th_1', remove: list(DEFAULT_LIMITS.maxTags + (over ? 1 : 0)) }), ['remove']],
  ['maxReasons', (over) => ({ ...base, id: 'as', type: 'thread.assigned', threadId: 'th_1', agentId: 'kim', reasons: list(DEFAULT_LIMITS.maxReasons + (over ? 1 : 0)) }), ['reasons']],
  ['maxNoteBytes', (over) => note('é'.repeat(DEFAULT_LIMITS.maxNoteBytes / 2) + (over ? 'x' : '')), ['text']],
  ['maxProfileEntries', (over) => profile({ skills: list(DEFAULT_LIMITS.maxProfileEntries + (over ? 1 : 0), (i) => ({ name: `s${i}` })) }), ['skills']],
  ['maxProfileEntries', (over) => profile({ languages: list(DEFAULT_LIMITS.maxProfileEntries + (over ? 1 : 0), (i) => `l${i}`) }), ['languages']],
  ['maxProfileEntries', (over) => profile({ teams: list(DEFAULT_LIMITS.maxProfileEntries + (over ? 1 : 0)) }), ['teams']],
  ['maxTextBytes', (over) => sms({ content: { text: 'é'.repeat(DEFAULT_LIMITS.maxTextBytes / 2) + (over ? 'x' : '') } }), ['content', 'text']],
  ['maxReferences', (over) => sms({ channel: 'email', email: { references: list(DEFAULT_LIMITS.maxReferences + (over ? 1 : 0), (i) => `<r${i}@x>`) } }), ['email', 'references']],
];

describe('bounded records: LIMIT_EXCEEDED names the path and the limit', () => {
  it.each(CASES.map(([limit, make, path]) => [`${limit} at ${path.join('.')}`, limit, make, path] as const))('%s', (_name, limit, make, path) => {
    expect(safeParseEvent(make(false)).ok).toBe(true);
    const r = safeParseEvent(make(true));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('LIMIT_EXCEEDED');
    expect(r.error.issues.map((i) => i.path)).toEqual([path]);
    expect(r.error.issues[0]!.message).toContain(`limits.${limit}`);
    expect(r.error.issues[0]!.message).toContain(String(DEFAULT_LIMITS[limit]));
  });

  it('every limit is configurable per engine: a raised limit accepts, a lowered one rejects', () => {
    for (const [limit, make] of CASES) {
      const raised = { ...DEFAULT_LIMITS, [limit]: DEFAULT_LIMITS[limit] + 1 };
      expect(safeParseEvent(make(true), { limits: raised }).ok, `${limit} raised`).toBe(true);
      const lowered = { ...DEFAULT_LIMITS, [limit]: DEFAULT_LIMITS[limit] - 1 };
      expect(safeParseEvent(make(false), { limits: lowered }).ok, `${limit} lowered`).toBe(false);
    }
  });

  it('the 200k-key attributes record of the finding is rejected, and the valid events beside it are accepted', async () => {
    const engine = createEngine();
    const huge = attributes({ id: 'crm-huge', attributes: record(200_000, 'x') });
    const result = await engine.ingest([sms(), huge, attributes({ id: 'crm-ok', attributes: { crm: 'A-1' } })]);
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => [r.index, r.error.code, r.error.issues.map((i) => i.path)])).toEqual([[1, 'LIMIT_EXCEEDED', [['attributes']]]]);
    expect(engine.customers()[0]!.attributes).toEqual({ extra: { crm: 'A-1' } });
  });
});

/** Every bound of the event JSON Schema, walked: a string, array or record without one is a finding. */
function unbounded(schema: unknown, path: string, out: string[]): string[] {
  if (typeof schema !== 'object' || schema === null) return out;
  const s = schema as Record<string, unknown>;
  const bounded = (key: string) => typeof s[key] === 'number';
  if (s.type === 'string' && s.const === undefined && s.enum === undefined && s.format !== 'date-time' && !bounded('maxLength')) out.push(`${path}: string`);
  if (s.type === 'array' && !bounded('maxItems')) out.push(`${path}: array`);
  const names = s.propertyNames as Record<string, unknown> | undefined;
  if (s.type === 'object' && s.additionalProperties !== false && s.additionalProperties !== undefined && names?.enum === undefined && !bounded('maxProperties')) {
    out.push(`${path}: record`);
  }
  for (const [key, value] of Object.entries(s)) {
    if (Array.isArray(value)) value.forEach((v, i) => unbounded(v, `${path}.${key}[${i}]`, out));
    else if (typeof value === 'object') unbounded(value, `${path}.${key}`, out);
  }
  return out;
}

describe('every string, array and record field of every event has a bound', () => {
  it.each(EVENT_TYPES)('%s', (type) => {
    expect(unbounded(eventJsonSchema(type), type, [])).toEqual([]);
  });

  it('the JSON Schema states the default limits, named', () => {
    const schema = eventJsonSchema('customer.attributes_set') as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties.attributes).toMatchObject({ maxProperties: DEFAULT_LIMITS.maxAttributeKeys });
    expect(String(schema.properties.attributes!.description)).toContain('limits.maxAttributeKeys');
  });
});
