import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NONE, pushed, trimmed } from '../../src/fold/state.js';

describe('pushed: the fold lists grow without slack while short', () => {
  it('holds what plain pushes give, and a short list is never changed in place', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 60 }), (items) => {
        let list: number[] = NONE;
        const model: number[] = [];
        for (const item of items) {
          const before = list;
          const copy = before.slice();
          list = pushed(list, item);
          model.push(item);
          expect(list).toEqual(model);
          // Short lists are copied (whoever still holds the old one sees it unchanged); from 16 on
          // the list is pushed to in place, so callers must always keep what pushed returns.
          if (copy.length < 16) {
            expect(list).not.toBe(before);
            expect(before).toEqual(copy);
          } else expect(list).toBe(before);
        }
        expect(NONE).toEqual([]);
      }),
    );
  });

  it('keeps elements that are lists themselves as elements (no spreading)', () => {
    const pairs = pushed(pushed<readonly [string, string]>([], ['a', 'b']), ['c', 'd']);
    expect(pairs).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('trimmed copies a short list and returns a long one as it is', () => {
    const short = [1, 2, 3];
    const long = Array.from({ length: 16 }, (_, i) => i);
    expect(trimmed(short)).toEqual(short);
    expect(trimmed(short)).not.toBe(short);
    expect(trimmed(long)).toBe(long);
  });
});
