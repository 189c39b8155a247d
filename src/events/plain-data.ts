/**
 * Input as data. `ingest` takes `unknown` from callers who may pass anything — a BigInt, a getter
 * that throws, a Proxy whose traps throw or answer differently on every read, a cycle, a DAG that
 * explodes when walked. Validation, error messages, duplicate checks and stores all read the input
 * (zod, `JSON.stringify`, key walks); each of them could throw or see another value than the one
 * before. So the input is first copied, once, into plain JSON-shaped data, every read guarded, and
 * everything after works on the copy.
 */
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

class Copier {
  private values = 0;
  private readonly ancestors = new Set<object>();

  copy(value: unknown, path: Path): unknown {
    if (++this.values > MAX_DATA_VALUES) throw new NotData(path, `more than ${MAX_DATA_VALUES} values in one event`);
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'undefined':
        return value;
      case 'bigint':
        throw new NotData(path, 'a BigInt is not JSON data (send a number or a string)');
      case 'symbol':
        throw new NotData(path, 'a symbol is not JSON data');
      case 'function':
        throw new NotData(path, 'a function is not JSON data');
    }
    if (value === null) return null;
    const object = value as object;
    if (path.length >= MAX_DATA_DEPTH) throw new NotData(path, `nested deeper than ${MAX_DATA_DEPTH} levels`);
    if (this.ancestors.has(object)) throw new NotData(path, 'a cycle: this object contains itself');
    this.ancestors.add(object);
    try {
      return guarded(path, 'Array.isArray', () => Array.isArray(object)) ? this.array(object as unknown[], path) : this.record(object, path);
    } finally {
      this.ancestors.delete(object);
    }
  }

  private array(array: unknown[], path: Path): unknown[] {
    const length = guarded(path, 'reading the length', () => array.length);
    if (!Number.isSafeInteger(length) || length < 0 || length > MAX_DATA_VALUES) throw new NotData(path, `an array of length ${String(length)}`);
    const out = new Array<unknown>(length);
    for (let i = 0; i < length; i++) {
      const at = [...path, i];
      if (!guarded(at, 'reading the element', () => Object.hasOwn(array, i))) {
        throw new NotData(at, 'a hole in a sparse array (JSON has none)');
      }
      out[i] = this.copy(
        guarded(at, 'reading the element', () => array[i]),
        at,
      );
    }
    return out;
  }

  private record(object: object, path: Path): Record<string, unknown> {
    const proto = guarded(path, 'reading the prototype', () => Object.getPrototypeOf(object) as unknown);
    if (proto !== Object.prototype && proto !== null) throw new NotData(path, notPlain(object, path));
    const keys = guarded(path, 'listing the keys', () => Reflect.ownKeys(object));
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const at = typeof key === 'string' ? [...path, key] : path;
      const enumerable = guarded(at, 'reading a property', () => Object.prototype.propertyIsEnumerable.call(object, key));
      if (!enumerable) continue; // as JSON.stringify and Object.keys skip it
      if (typeof key === 'symbol') throw new NotData(path, 'a symbol key is not JSON data');
      const value = this.copy(
        guarded(at, 'reading the property', () => (object as Record<string, unknown>)[key]),
        at,
      );
      // An own `__proto__` key stays an own key (assigning it would set the copy's prototype).
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
    return out;
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
    return { ok: true, value: new Copier().copy(input, []) };
  } catch (e) {
    if (e instanceof NotData) return { ok: false, issues: [{ path: e.path, message: e.message }] };
    // Not reachable by design (every read is guarded); still an issue, never a throw.
    return { ok: false, issues: [{ path: [], message: `the input could not be read (${reasonOf(e)})` }] };
  }
}
