/**
 * toPlainData names where input stops being data, reads every property once, and keeps what JSON
 * keeps. The paths matter: they are the issue's `path` a caller is shown.
 */
import { describe, expect, it } from 'vitest';
import { MAX_DATA_DEPTH, toPlainData } from '../../src/events/plain-data.js';

const issue = (input: unknown) => {
  const r = toPlainData(input);
  if (r.ok) throw new Error('expected an issue');
  expect(r.issues).toHaveLength(1);
  return r.issues[0]!;
};

describe('toPlainData', () => {
  it('copies plain data, skipping what JSON skips, keeping an own __proto__ key', () => {
    const hidden = { a: 1, list: [1, 'x', null, { b: true }] };
    Object.defineProperty(hidden, 'secret', { value: 2, enumerable: false });
    const withProto = JSON.parse('{"__proto__": {"polluted": true}, "c": 3}') as object;
    const r = toPlainData({ hidden, withProto, bare: Object.assign(Object.create(null) as object, { d: 4 }) });
    expect(r.ok).toBe(true);
    const v = (r as { value: Record<string, Record<string, unknown>> }).value;
    expect(v.hidden).toEqual({ a: 1, list: [1, 'x', null, { b: true }] });
    expect(Object.keys(v.withProto!)).toEqual(['__proto__', 'c']);
    expect(Object.getPrototypeOf(v.withProto)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(v.bare).toEqual({ d: 4 });
    expect(v.hidden).not.toBe(hidden);
  });

  it('names the path of what is not data', () => {
    expect(issue({ a: [{ b: 1n }] })).toEqual({ path: ['a', 0, 'b'], message: 'a BigInt is not JSON data (send a number or a string)' });
    expect(issue({ a: { when: new Date(0) } })).toEqual({ path: ['a', 'when'], message: 'expected a JSON object, not a Date' });
    const holey = [1, 2, 3];
    delete holey[1];
    expect(issue({ list: holey })).toEqual({ path: ['list', 1], message: 'a hole in a sparse array (JSON has none)' });
    expect(issue({ a: { [Symbol('s')]: 1 } })).toEqual({ path: ['a'], message: 'a symbol key is not JSON data' });
    expect(issue({ f: [() => 1] })).toEqual({ path: ['f', 0], message: 'a function is not JSON data' });
    const cycle: Record<string, unknown> = { x: 1 };
    cycle.self = { again: cycle };
    expect(issue({ c: cycle })).toEqual({ path: ['c', 'self', 'again'], message: 'a cycle: this object contains itself' });
    let deep: unknown = 1;
    for (let i = 0; i <= MAX_DATA_DEPTH; i++) deep = [deep];
    expect(issue(deep).path).toHaveLength(MAX_DATA_DEPTH);
  });

  it('names the read that threw, and the same object twice is no cycle', () => {
    const throwing = { ok: 1, get bad(): never { throw new TypeError('nope'); } };
    expect(issue({ a: [0, throwing] })).toEqual({ path: ['a', 1, 'bad'], message: 'reading the property threw (TypeError: nope): not JSON data' });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(issue({ p: revoked.proxy })).toEqual({ path: ['p'], message: 'Array.isArray threw (TypeError: Cannot perform \'IsArray\' on a proxy that has been revoked): not JSON data' });
    const keys = new Proxy({}, { ownKeys: () => { throw new Error('no keys'); } });
    expect(issue({ k: keys })).toEqual({ path: ['k'], message: 'listing the keys threw (Error: no keys): not JSON data' });
    const shared = { s: 1 };
    expect(toPlainData({ a: shared, b: [shared, shared] })).toEqual({ ok: true, value: { a: { s: 1 }, b: [{ s: 1 }, { s: 1 }] } });
  });

  it('reads every property once', () => {
    let reads = 0;
    const counted = { get n() { reads += 1; return reads; } };
    expect(toPlainData({ counted, list: [counted] })).toEqual({ ok: true, value: { counted: { n: 1 }, list: [{ n: 2 }] } });
    expect(reads).toBe(2);
  });

  it('copies an ordinary object and a Proxy of it alike, and a getter that changes its object is read once', () => {
    const plain = { a: 1, b: { c: [1, 2] }, d: 'x' };
    const viaProxy = toPlainData(new Proxy(plain, {}));
    expect(viaProxy).toEqual(toPlainData(plain));
    const hiddenSymbol = { e: 1 };
    Object.defineProperty(hiddenSymbol, Symbol('s'), { value: 2, enumerable: false });
    expect(toPlainData(hiddenSymbol)).toEqual({ ok: true, value: { e: 1 } });
    // The keys are listed once, before any is read: a getter deleting a later key leaves it unset.
    const shifting: Record<string, unknown> = {
      get first() {
        delete shifting.second;
        shifting.third = 3;
        return 1;
      },
      second: 2,
    };
    const r = toPlainData(shifting);
    expect(r).toEqual({ ok: true, value: { first: 1, second: undefined } });
    expect(JSON.stringify((r as { value: unknown }).value)).toBe('{"first":1}');
  });
});
