/**
 * A compact JSON form for the many small records of a folded state (threads, their messages, status
 * history): a record becomes `[shape, ...values]` (no value for a key set to `undefined`), where the shape — its keys in order and how each
 * value is written — is kept once per snapshot, and strings go through one table (a thread's ids,
 * channels, identity keys and reasons repeat across thousands of records). Keys keep their order and
 * fields set to `undefined` stay present, so an unpacked record has the keys of the one packed.
 */

/** A shape as data: its keys, and one code letter per key. */
export type Shape = readonly [keys: readonly string[], codes: string];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * How a field's value is written — raw JSON, undefined, a string-table index, a record, a list of
 * records — as the letters of a shape's codes, and as the numbers a {@link Step} keys its steps by.
 */
const LETTERS = 'rusol';
const RAW = 0;
const UNSET = 1;
const STRING = 2;
const RECORD = 3;
const LIST = 4;

/**
 * A node of the trie of shapes, reached from the root by one (key, code) per field: a record's shape
 * is found by walking its keys, with no string built per record. The steps out of a node are kept
 * by code for the key first seen after it — records of one kind have their keys in one order, so
 * that is one comparison per field — and by key, then code, for the others.
 */
class Step {
  /** The key first seen after this step, and the steps it leads to, by code. */
  key0: string | undefined = undefined;
  readonly next0: (Step | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  private more: Map<string, (Step | undefined)[]> | undefined = undefined;
  /** The index of the shape of records whose fields end here; -1 until one does. */
  shape = -1;
  /** The string a record last held in the field this step is for, and its index in the table. */
  lastString: string | undefined = undefined;
  lastIndex = 0;
  /**
   * The strings of this field and their indexes while there are few (a channel, a status, the
   * texts of a workload): a small map is much faster than the table's, which holds every id. null
   * once the field has had {@link FEW} different strings.
   */
  few: Map<string, number> | null | undefined = undefined;

  constructor(
    readonly parent: Step | undefined,
    readonly key: string,
    readonly code: number,
  ) {}

  /** The step for `key` written as `code` (see {@link to} for the common case). */
  next(key: string, code: number): Step {
    if (this.key0 === undefined) this.key0 = key;
    let byCode: (Step | undefined)[] | undefined;
    if (this.key0 === key) byCode = this.next0;
    else {
      byCode = (this.more ??= new Map()).get(key);
      if (byCode === undefined) this.more.set(key, (byCode = [undefined, undefined, undefined, undefined, undefined]));
    }
    let step = byCode[code];
    if (step === undefined) byCode[code] = step = new Step(this, key, code);
    return step;
  }

  /** The keys and codes of the path to this step, as a shape. */
  path(): Shape {
    const keys: string[] = [];
    let codes = '';
    for (let s: Step | undefined = this; s?.parent !== undefined; s = s.parent) {
      keys.push(s.key);
      codes = LETTERS[s.code]! + codes;
    }
    return [keys.reverse(), codes];
  }
}

/** The empty list of every empty list of values in a snapshot: frozen, as nothing may change a snapshot. */
const EMPTY: readonly never[] = Object.freeze([]);

/** How many different strings a field may have for its own map of them (see {@link Step.few}). */
const FEW = 64;

/** The step after `step` for `key` written as `code`. */
function to(step: Step, key: string, code: number): Step {
  if (step.key0 === key) {
    const next = step.next0[code];
    if (next !== undefined) return next;
  }
  return step.next(key, code);
}

/** Packs records for one snapshot: owns the string table and the shapes they use. */
export class Packer {
  readonly strings: string[] = [];
  readonly shapes: Shape[] = [];
  private readonly stringAt = new Map<string, number>();
  private readonly root = new Step(undefined, '', -1);
  private readonly scratch: unknown[][] = [];
  private depth = 0;

  /**
   * `known`: strings the reader has already (the tenant's event ids, which messages and status
   * history name): they take the first indexes and are not written again in `strings`.
   */
  /**
   * Something in the process gave `Object.prototype` an enumerable property: `for…in` (which the
   * packer walks records with) would list it for every record, so own keys are checked then.
   */
  private readonly inherited: boolean;

  constructor(private readonly known: readonly string[] = []) {
    known.forEach((s, i) => this.stringAt.set(s, i));
    let inherited = false;
    for (const _ in {}) inherited = true;
    this.inherited = inherited;
  }

  string(s: string): number {
    let i = this.stringAt.get(s);
    if (i === undefined) {
      i = this.known.length + this.strings.length;
      this.strings.push(s);
      this.stringAt.set(s, i);
    }
    return i;
  }

  /** {@link string}, through the field's own map while it has few strings. */
  private fieldString(step: Step, s: string): number {
    const few = step.few;
    if (few === null) return this.string(s);
    let i = few?.get(s);
    if (i === undefined) {
      i = this.string(s);
      if (few === undefined) step.few = new Map([[s, i]]);
      else if (few.size >= FEW) step.few = null;
      else few.set(s, i);
    }
    return i;
  }

  /**
   * A record (a plain object of JSON values and undefined) as `[shape, ...values]`. `zero`: a key
   * whose value is written as 0, whatever the record holds (a thread's version, which is no state).
   */
  record(o: Record<string, unknown>, zero?: string): unknown[] {
    // Values go to a scratch list of this depth, copied at the end: one list of the exact length.
    // Filled from index 0 on, never with a gap, so it and its copies stay packed lists (which
    // JSON.stringify writes several times faster than lists that ever had a hole).
    const depth = this.depth++;
    const out = (this.scratch[depth] ??= [0]);
    let n = 1;
    let step = this.root;
    // for-in, not Object.keys: no list of keys per record (records are plain objects, whose own
    // enumerable keys are all there is, unless Object.prototype was given one: see `inherited`).
    const inherited = this.inherited;
    for (const k in o) {
      if (inherited && !Object.hasOwn(o, k)) continue;
      const v = k === zero ? 0 : o[k];
      if (v === undefined) {
        // No slot: the shape says the key is there, unset.
        step = to(step, k, UNSET);
      } else if (typeof v === 'string') {
        step = to(step, k, STRING);
        // A field often holds the string the record before held there (a tenant, a status, a channel).
        if (v !== step.lastString) {
          step.lastString = v;
          step.lastIndex = this.fieldString(step, v);
        }
        out[n++] = step.lastIndex;
      } else if (typeof v !== 'object' || v === null) {
        step = to(step, k, RAW);
        out[n++] = v;
      } else if (!Array.isArray(v)) {
        step = to(step, k, RECORD);
        out[n++] = this.record(v as Record<string, unknown>);
      } else if (v.length > 0 && allRecords(v)) {
        step = to(step, k, LIST);
        out[n++] = v.map((x) => this.record(x as Record<string, unknown>));
      } else {
        step = to(step, k, RAW);
        // A copy, as the fold grows lists in place; empty ones (most of a thread's) share one.
        out[n++] = v.length === 0 ? EMPTY : v.slice();
      }
    }
    this.depth = depth;
    if (step.shape === -1) {
      step.shape = this.shapes.length;
      this.shapes.push(step.path());
    }
    out[0] = step.shape;
    return out.slice(0, n);
  }
}

function allRecords(v: readonly unknown[]): boolean {
  for (let i = 0; i < v.length; i++) if (!isRecord(v[i])) return false;
  return true;
}

/** Thrown for packed data that does not fit its tables; the caller turns it into SNAPSHOT_INVALID. */
export class PackError extends Error {}

/**
 * Builds a record of known keys from its decoded values (in the order of its keys) as one literal,
 * so it gets the object shape the fold gives such records. See {@link Unpacker}.
 */
export interface Builder {
  readonly keys: readonly string[];
  readonly build: (values: readonly unknown[]) => Record<string, unknown>;
}

/** Unpacks what a {@link Packer} wrote, given its tables (checked here: they are input). */
export class Unpacker {
  private readonly shapes: readonly Shape[];
  /**
   * One object per shape with its keys in order, parsed from JSON so it has fast properties: a record
   * is a copy of it with the values filled in. Adding some fifty keys one by one to `{}` would leave
   * every thread in V8's slow dictionary mode.
   */
  private readonly templates: readonly Record<string, unknown>[];
  /** Per shape: the builder of the longest prefix of its keys there is one for (the other keys are added after it, in order). */
  private readonly builders: readonly (Builder | undefined)[];
  /** Values a packed record of each shape holds (keys set to undefined have none). */
  private readonly slots: readonly number[];
  /** Decoded values, one list per depth of nesting, reused from record to record. */
  private readonly scratch: unknown[][] = [];
  private depth = 0;

  constructor(
    private readonly strings: readonly string[],
    shapes: readonly unknown[],
    builders: readonly Builder[] = [],
  ) {
    if (!Array.isArray(strings) || !strings.every((s) => typeof s === 'string')) throw new PackError('the string table is not a list of strings');
    if (!Array.isArray(shapes)) throw new PackError('the shapes are not a list');
    for (const s of shapes) {
      const ok = Array.isArray(s) && s.length === 2 && Array.isArray(s[0]) && typeof s[1] === 'string' && s[0].length === s[1].length && s[0].every((k: unknown) => typeof k === 'string' && k !== '__proto__') && /^[rusol]*$/.test(s[1]);
      if (!ok) throw new PackError('a shape is not [keys, codes]');
    }
    this.shapes = shapes as Shape[];
    this.slots = this.shapes.map(([, codes]) => codes.replace(/u/g, '').length);
    this.templates = this.shapes.map(([keys]) => JSON.parse(`{${keys.map((k) => `${JSON.stringify(k)}:0`).join(',')}}`) as Record<string, unknown>);
    this.builders = this.shapes.map(([keys]) => {
      let best: Builder | undefined;
      for (const b of builders) if (b.keys.length <= keys.length && (best === undefined || b.keys.length > best.keys.length) && startsWith(keys, b.keys)) best = b;
      return best;
    });
  }

  string(i: unknown): string {
    const s = this.strings[i as number];
    if (s === undefined) throw new PackError(`no string ${String(i)} in the table`);
    return s;
  }

  /**
   * The decoded values of a packed record, in order, when its keys are exactly `keys`; undefined
   * otherwise. For callers that rebuild a record of a known shape as a literal. The list is reused
   * by the next call: read it before.
   */
  values(input: unknown, keys: readonly string[]): readonly unknown[] | undefined {
    const shape = this.shapeOf(input);
    if (!sameKeys(shape[0], keys)) return undefined;
    return this.decode(input as unknown[], shape[1]);
  }

  /** The values of `packed` into the scratch list of this depth (nested records go one deeper). */
  private decode(packed: readonly unknown[], codes: string): unknown[] {
    const depth = this.depth++;
    const out = (this.scratch[depth] ??= []);
    try {
      for (let i = 0, j = 1; i < codes.length; i++) {
        const code = codes.charCodeAt(i);
        out[i] = code === 117 /* u */ ? undefined : this.value(code, packed[j++]);
      }
    } finally {
      this.depth = depth;
    }
    return out;
  }

  private value(code: number, v: unknown): unknown {
    switch (code) {
      case 115 /* s */:
        return this.string(v);
      case 111 /* o */:
        return this.record(v);
      case 108 /* l */:
        if (!Array.isArray(v)) throw new PackError('a list of records is not a list');
        // map: a list of the exact length (push would leave slack in every thread's messages).
        return v.map((x) => this.record(x));
      default:
        // Lists are copied: the fold grows them in place, and the snapshot must stay as it was taken.
        return Array.isArray(v) ? v.slice() : v;
    }
  }

  record(input: unknown): Record<string, unknown> {
    const [keys, codes] = this.shapeOf(input);
    const shape = (input as unknown[])[0] as number;
    const values = this.decode(input as unknown[], codes);
    const builder = this.builders[shape];
    let o: Record<string, unknown>;
    let i = 0;
    if (builder !== undefined) {
      o = builder.build(values);
      i = builder.keys.length;
    } else o = { ...this.templates[shape] };
    for (; i < keys.length; i++) o[keys[i]!] = values[i];
    return o;
  }

  private shapeOf(packed: unknown): Shape {
    // Callers index `packed` after this check.
    if (!Array.isArray(packed)) throw new PackError('a record is not a list');
    const shape = this.shapes[packed[0] as number];
    if (shape === undefined || packed.length !== this.slots[packed[0] as number]! + 1) throw new PackError('a record does not fit its shape');
    return shape;
  }
}

function startsWith(keys: readonly string[], prefix: readonly string[]): boolean {
  for (let i = 0; i < prefix.length; i++) if (keys[i] !== prefix[i]) return false;
  return true;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && startsWith(a, b);
}
