/**
 * Builds the case-fold table that Dovecot's `uni_utf8_to_decomposed_titlecase` uses, from a
 * UnicodeData.txt, with the same rules as Dovecot's unicodemap.pl: a code point with a simple
 * titlecase mapping (field 14) maps to it and gets no decomposition; one without a titlecase
 * mapping but with a tagged (compatibility) decomposition maps to that decomposition, one level
 * only. Canonical (untagged) decompositions are NOT applied — Dovecot does not apply them either.
 *
 * Used by generate-unicode-fold.ts (writes src/threading/rfc5256/unicode-fold-data.ts) and by the
 * unit test that checks the committed table still matches the source data.
 */
export function buildFoldEntries(unicodeData: string): Map<number, number[]> {
  const title = new Map<number, number>();
  const single = new Map<number, number>();
  const multi = new Map<number, number[]>();
  for (const line of unicodeData.split('\n')) {
    if (line === '') continue;
    const f = line.split(';');
    const code = Number.parseInt(f[0] ?? '', 16);
    const decomp = f[5] ?? '';
    const titleField = f[14] ?? '';
    if (titleField !== '') {
      const value = Number.parseInt(titleField, 16);
      if (value !== code) title.set(code, value);
      continue;
    }
    const m = /^<[^>]*> (.+)$/.exec(decomp);
    if (m === null || m[1] === undefined) continue;
    const codes = m[1].split(' ').map((h) => Number.parseInt(h, 16));
    if (codes.length === 1) {
      if ((codes[0] ?? 0) <= 0xffff) single.set(code, codes[0] ?? 0);
    } else if (code <= 0xffff && codes.every((c) => c <= 0xffff)) {
      // Dovecot's lookup ignores multi-character decompositions of keys above U+FFFF.
      multi.set(code, codes);
    }
  }
  const decompose = (c: number): number[] | undefined => {
    const s = single.get(c);
    if (s !== undefined) return [s];
    return multi.get(c);
  };
  const out = new Map<number, number[]>();
  const keys = new Set<number>([...title.keys(), ...single.keys(), ...multi.keys()]);
  for (const c of [...keys].sort((a, b) => a - b)) {
    const t = title.get(c) ?? c;
    if (t >= 0xac00 && t <= 0xd7a3) continue; // Hangul is decomposed algorithmically at run time
    const seq = decompose(t) ?? [t];
    if (seq.length === 1 && seq[0] === c) continue;
    out.set(c, seq);
  }
  return out;
}

/** Compact text form: entries `delta.v1[.v2…]` in base 36, keys delta-coded, joined by ','. */
export function encodeFoldEntries(entries: Map<number, number[]>): string {
  let prev = 0;
  const parts: string[] = [];
  for (const [k, seq] of entries) {
    parts.push([(k - prev).toString(36), ...seq.map((v) => v.toString(36))].join('.'));
    prev = k;
  }
  return parts.join(',');
}
