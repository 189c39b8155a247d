/**
 * Input as data. `ingest` takes `unknown` from callers who may pass anything — a BigInt, a getter
 * that throws, a Proxy whose traps throw or answer differently on every read, a cycle, a DAG that
 * explodes when walked. Validation, error messages, duplicate checks and stores all read the input
 * (zod, `JSON.stringify`, key walks); each of them could throw or see another value than the one
 * before. So the input is first copied, once, into plain JSON-shaped data, every read guarded, and
 * everything after works on the copy.
 */
import { types } from 'node:util';
import type { ErrorIssue } from '../errors.js';

/** Deeper than any event schema nests (four levels) by a wide margin; guards the recursion too. */
export const MAX_DATA_DEPTH = 64;
/** Values (of any kind) in one event: far above the largest valid event, bounds shared-reference blow-up. */
export const MAX_DATA_VALUES = 1_000_000;

/** The outcome of {@link toPlainData}. */
export type PlainDataResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly issues: ErrorIssue[] };

type Path = (string | number)[];

class NotData {
  constructor(
    readonly path: Path,
    readonly message: string,
  ) {}
}

/** A one-line reason from whatever was thrown, without trusting it. */
function reasonOf(thrown: unknown): string {
  try {
    if (thrown instanceof Error && typeof thrown.message === 'string') return `${thrown.name}: ${thrown.message.slice(0, 200)}`;
    return `a thrown ${typeof thrown}`;
  } catch {
    return 'an unreadable exception';
  }
}

/** Runs one read of the input; anything it throws becomes an issue at `path`. */
function guarded<T>(path: Path, what: string, read: () => T): T {
  try {
    return read();
  } catch (thrown) {
    throw new NotData(path, `${what} threw (${reasonOf(thrown)}): not JSON data`);
  }
}

/** The issue of a non-plain object: `expected a JSON object`, naming built-ins (`not a Date`). */
function notPlain(value: object, path: Path): string {
  const tag = guarded(path, 'reading the object', () => Object.prototype.toString.call(value).slice(8, -1));
  return tag === 'Object' ? 'expected a JSON object' : `expected a JSON object, not a ${tag}`;
}

/**
 * Every read of the input is its own try/catch, and the path of the value being copied is one stack,
 * pushed and popped and copied only into an issue: no closure and no path array per property (this
 * runs for every property of every ingested event).
 */
class Copier {
  private values = 0;
  private readonly ancestors = new Set<object>();
  private readonly path: Path = [];

  private notData(message: string): NotData {
    return new NotData(this.path.slice(), message);
  }

  private threw(what: string, thrown: unknown): NotData {
    return this.notData(`${what} threw (${reasonOf(thrown)}): not JSON data`);
  }

  copy(value: unknown): unknown {
    if (++this.values > MAX_DATA_VALUES) throw this.notData(`more than ${MAX_DATA_VALUES} values in one event`);
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'undefined':
        return value;
      case 'bigint':
        throw this.notData('a BigInt is not JSON data (send a number or a string)');
      case 'symbol':
        throw this.notData('a symbol is not JSON data');
      case 'function':
        throw this.notData('a function is not JSON data');
    }
    if (value === null) return null;
    const object = value as object;
    if (this.path.length >= MAX_DATA_DEPTH) throw this.notData(`nested deeper than ${MAX_DATA_DEPTH} levels`);
    if (this.ancestors.has(object)) throw this.notData('a cycle: this object contains itself');
    let isArray: boolean;
    try {
      isArray = Array.isArray(object);
    } catch (thrown) {
      throw this.threw('Array.isArray', thrown);
    }
    // A throw abandons the whole copy: the set is only consulted while the copy goes on.
    this.ancestors.add(object);
    const out = isArray ? this.array(object as unknown[]) : this.record(object);
    this.ancestors.delete(object);
    return out;
  }

  private array(array: unknown[]): unknown[] {
    let length: number;
    try {
      length = array.length;
    } catch (thrown) {
      throw this.threw('reading the length', thrown);
    }
    if (!Number.isSafeInteger(length) || length < 0 || length > MAX_DATA_VALUES) throw this.notData(`an array of length ${String(length)}`);
    const out = new Array<unknown>(length);
    const path = this.path;
    for (let i = 0; i < length; i++) {
      path.push(i);
      let element: unknown;
      let own: boolean;
      try {
        own = Object.hasOwn(array, i);
        element = own ? array[i] : undefined;
      } catch (thrown) {
        throw this.threw('reading the element', thrown);
      }
      if (!own) throw this.notData('a hole in a sparse array (JSON has none)');
      out[i] = this.copy(element);
      path.pop();
    }
    return out;
  }

  private record(object: object): Record<string, unknown> {
    let proto: unknown;
    try {
      proto = Object.getPrototypeOf(object);
    } catch (thrown) {
      throw this.threw('reading the prototype', thrown);
    }
    if (proto !== Object.prototype && proto !== null) throw new NotData(this.path.slice(), notPlain(object, this.path.slice()));
    // An ordinary object (no Proxy) cannot run code when its keys are listed: its own enumerable
    // string keys come from one Object.keys (V8's enum cache), and only its getters run, once each.
    if (!types.isProxy(object) && Object.getOwnPropertySymbols(object).length === 0) return this.ordinary(object);
    let keys: (string | symbol)[];
    try {
      keys = Reflect.ownKeys(object);
    } catch (thrown) {
      throw this.threw('listing the keys', thrown);
    }
    const out: Record<string, unknown> = {};
    const path = this.path;
    for (const key of keys) {
      const named = typeof key === 'string';
      if (named) path.push(key);
      let enumerable: boolean;
      try {
        enumerable = Object.prototype.propertyIsEnumerable.call(object, key);
      } catch (thrown) {
        throw this.threw('reading a property', thrown);
      }
      if (!enumerable) {
        // Skipped, as JSON.stringify and Object.keys skip it.
        if (named) path.pop();
        continue;
      }
      if (!named) throw this.notData('a symbol key is not JSON data');
      this.property(object, key, out);
      path.pop();
    }
    return out;
  }

  /**
   * {@link record} for an object that is no Proxy and has no symbol keys, in one pass over
   * `Object.keys`. The keys are those enumerable when the copy starts: a getter that deletes a
   * later key leaves it `undefined` in the copy, one that makes a later key non-enumerable leaves it
   * copied, one that makes a non-enumerable key enumerable leaves it out (the guarded walk judges
   * each key when it reaches it). Either way the copy is plain data with every property read once.
   */
  private ordinary(object: object): Record<string, unknown> {
    const keys = Object.keys(object);
    const out: Record<string, unknown> = {};
    const path = this.path;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      path.push(key);
      this.property(object, key, out);
      path.pop();
    }
    return out;
  }

  /** Reads `object[key]` once (guarded), copies it and sets it on `out`; the key is on the path. */
  private property(object: object, key: string, out: Record<string, unknown>): void {
    let value: unknown;
    try {
      value = (object as Record<string, unknown>)[key];
    } catch (thrown) {
      throw this.threw('reading the property', thrown);
    }
    const copied = this.copy(value);
    // An own `__proto__` key stays an own key (assigning it would set the copy's prototype).
    if (key === '__proto__') Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true, configurable: true });
    else out[key] = copied;
  }
}

/**
 * Copies `input` into plain data — objects with `Object.prototype` or no prototype, dense arrays,
 * strings, numbers, booleans, null, undefined — reading every property exactly once (with `[[Get]]`,
 * so getters and Proxy traps run once). Anything else is an issue at its path: a BigInt, a symbol, a
 * function, a class instance (`Date`, `Map`, boxed primitives), a sparse array, a cycle, nesting over
 * {@link MAX_DATA_DEPTH}, over {@link MAX_DATA_VALUES} values, or a read that throws. Never throws.
 *
 * @example
 * ```ts
 * toPlainData({ id: 'a', n: 1n }); // { ok: false, issues: [{ path: ['n'], message: 'a BigInt is not JSON data …' }] }
 * ```
 */
export function toPlainData(input: unknown): PlainDataResult {
  try {
    return { ok: true, value: new Copier().copy(input) };
  } catch (e) {
    if (e instanceof NotData) return { ok: false, issues: [{ path: e.path, message: e.message }] };
    // Not reachable by design (every read is guarded); still an issue, never a throw.
    return { ok: false, issues: [{ path: [], message: `the input could not be read (${reasonOf(e)})` }] };
  }
}
