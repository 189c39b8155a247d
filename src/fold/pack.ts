/**
 * A compact JSON form for the many small records of a folded state (threads, their messages, status
 * history): a record becomes `[shape, ...values]` (no value for a key set to `undefined`), where the shape — its keys in order and how each
 * value is written — is kept once per snapshot, and strings go through one table (a thread's ids,
 * channels, identity keys and reasons repeat across thousands of records). Keys keep their order and
 * fields set to `undefined` stay present, so an unpacked record has the keys of the one packed.
 */

/** How a field's value is written: raw JSON, undefined, a string-table index, a record, a list of records. */
type Code = 'r' | 'u' | 's' | 'o' | 'l';

/** A shape as data: its keys, and one code letter per key. */
export type Shape = readonly [keys: readonly string[], codes: string];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Packs records for one snapshot: owns the string table and the shapes they use. */
export class Packer {
  readonly strings: string[] = [];
  readonly shapes: Shape[] = [];
  private readonly stringAt = new Map<string, number>();
  private readonly shapeAt = new Map<string, number>();

  /**
   * `known`: strings the reader has already (the tenant's event ids, which messages and status
   * history name): they take the first indexes and are not written again in `strings`.
   */
  constructor(private readonly known: readonly string[] = []) {
    known.forEach((s, i) => this.stringAt.set(s, i));
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

  /** A record (a plain object of JSON values and undefined) as `[shape, ...values]`. */
  record(o: Record<string, unknown>): unknown[] {
    const keys = Object.keys(o);
    const out: unknown[] = [0];
    let codes = '';
    for (const k of keys) {
      const v = o[k];
      let code: Code;
      if (v === undefined) {
        // No slot: the shape says the key is there, unset.
        code = 'u';
      } else if (typeof v === 'string') {
        code = 's';
        out.push(this.string(v));
      } else if (isRecord(v)) {
        code = 'o';
        out.push(this.record(v));
      } else if (Array.isArray(v) && v.length > 0 && v.every(isRecord)) {
        code = 'l';
        out.push(v.map((x) => this.record(x as Record<string, unknown>)));
      } else {
        code = 'r';
        out.push(Array.isArray(v) ? v.slice() : v);
      }
      codes += code;
    }
    const id = `${codes}|${keys.join('\u0000')}`;
    let shape = this.shapeAt.get(id);
    if (shape === undefined) {
      shape = this.shapes.length;
      this.shapes.push([keys, codes]);
      this.shapeAt.set(id, shape);
    }
    out[0] = shape;
    return out;
  }
}

/** Thrown for packed data that does not fit its tables; the caller turns it into SNAPSHOT_INVALID. */
export class PackError extends Error {}

/** Unpacks what a {@link Packer} wrote, given its tables (checked here: they are input). */
export class Unpacker {
  private readonly shapes: readonly Shape[];
  /**
   * One object per shape with its keys in order, parsed from JSON so it has fast properties: a record
   * is a copy of it with the values filled in. Adding some fifty keys one by one to `{}` would leave
   * every thread in V8's slow dictionary mode.
   */
  private readonly templates: readonly Record<string, unknown>[];
  private readonly joined: readonly string[];
  /** Values a packed record of each shape holds (keys set to undefined have none). */
  private readonly slots: readonly number[];

  constructor(
    private readonly strings: readonly string[],
    shapes: readonly unknown[],
  ) {
    if (!Array.isArray(strings) || !strings.every((s) => typeof s === 'string')) throw new PackError('the string table is not a list of strings');
    if (!Array.isArray(shapes)) throw new PackError('the shapes are not a list');
    for (const s of shapes) {
      const ok = Array.isArray(s) && s.length === 2 && Array.isArray(s[0]) && typeof s[1] === 'string' && s[0].length === s[1].length && s[0].every((k: unknown) => typeof k === 'string' && k !== '__proto__') && /^[rusol]*$/.test(s[1]);
      if (!ok) throw new PackError('a shape is not [keys, codes]');
    }
    this.shapes = shapes as Shape[];
    this.joined = this.shapes.map(([keys]) => keys.join(','));
    this.slots = this.shapes.map(([, codes]) => codes.replace(/u/g, '').length);
    this.templates = this.shapes.map(([keys]) => JSON.parse(`{${keys.map((k) => `${JSON.stringify(k)}:0`).join(',')}}`) as Record<string, unknown>);
  }

  string(i: unknown): string {
    const s = this.strings[i as number];
    if (s === undefined) throw new PackError(`no string ${String(i)} in the table`);
    return s;
  }

  /**
   * The decoded values of a packed record, in order, when its keys are exactly `keys` (joined by
   * commas); undefined otherwise. For callers that rebuild a record of a known shape as a literal.
   */
  values(input: unknown, keys: string): unknown[] | undefined {
    const packed = input as unknown[];
    const shape = this.shapeOf(packed);
    if (!(this.joined[packed[0] as number] === keys)) return undefined;
    const codes = shape[1];
    const out: unknown[] = new Array(codes.length);
    for (let i = 0, j = 1; i < codes.length; i++) {
      const code = codes.charCodeAt(i);
      out[i] = code === 117 /* u */ ? undefined : this.value(code, packed[j++]);
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
        return v.map((x) => this.record(x));
      default:
        // Lists are copied: the fold grows them in place, and the snapshot must stay as it was taken.
        return Array.isArray(v) ? v.slice() : v;
    }
  }

  record(input: unknown): Record<string, unknown> {
    const packed = input as unknown[];
    const [keys, codes] = this.shapeOf(packed);
    const o: Record<string, unknown> = { ...this.templates[packed[0] as number] };
    for (let i = 0, j = 1; i < keys.length; i++) {
      const code = codes.charCodeAt(i);
      o[keys[i]!] = code === 117 /* u */ ? undefined : this.value(code, packed[j++]);
    }
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
