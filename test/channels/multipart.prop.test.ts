/**
 * The byte-level multipart/form-data parser (kept because SendGrid's fields come in the charsets its
 * `charsets` field names) agrees with the Web-standard parser, `Response.formData()`, on generated
 * bodies: names, values, file names, types and bytes.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decodeText, multipartBoundary, parseMultipart } from '../../src/channels/shared/multipart.js';
import { multipart } from './email.js';

const name = fc.string({ unit: fc.constantFrom(...'abcxyz-_0123456789'), minLength: 1, maxLength: 12 });
const part = fc.oneof(
  fc.record({ name, value: fc.string({ unit: 'grapheme', maxLength: 60 }) }),
  fc.record({ name, value: fc.uint8Array({ maxLength: 200 }), filename: fc.constantFrom('a.bin', 'photo.jpg', 'r\u00e9sum\u00e9.pdf'), contentType: fc.constantFrom('application/octet-stream', 'image/jpeg', 'application/pdf') }),
);

describe('multipart parsing', () => {
  test.prop([fc.array(part, { maxLength: 8 })], { numRuns: 300 })('agrees with Response.formData()', async (parts) => {
    const { body, contentType } = multipart(parts);
    const mine = parseMultipart(body, multipartBoundary(contentType)!);
    const web = [...(await new Response(body, { headers: { 'content-type': contentType } }).formData()).entries()];
    expect(mine.map((p) => p.name)).toEqual(web.map(([k]) => k));
    for (const [i, [, v]] of web.entries()) {
      const p = mine[i]!;
      if (typeof v === 'string') expect(decodeText(p.data, undefined)).toBe(v);
      else {
        expect(p.filename).toBe(v.name);
        expect(p.contentType).toBe(v.type);
        expect(Buffer.from(p.data).equals(Buffer.from(await v.arrayBuffer()))).toBe(true);
      }
    }
  });

  it('reads a quoted boundary, and decodes a field in the charset given', () => {
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('application/x-www-form-urlencoded')).toBeUndefined();
    expect(decodeText(Buffer.from('Ça', 'latin1'), 'iso-8859-1')).toBe('Ça');
    expect(decodeText(Buffer.from('Ça', 'utf8'), 'no-such-charset')).toBe('Ça');
  });
});
