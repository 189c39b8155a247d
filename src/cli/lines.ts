/**
 * A JSON Lines reader that never holds more than one line of at most `maxLineBytes` bytes: a line
 * over the limit is reported with its number as soon as the limit is passed, without reading the
 * rest of it (a 200 MB line costs 4 MiB of memory, not a V8 out-of-memory abort).
 */

/** A line over the limit: where, and how much of it was seen before stopping. */
export class LineTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly maxLineBytes: number,
  ) {
    super(`line ${line} is longer than the limit of ${maxLineBytes.toLocaleString('en-US')} bytes`);
    this.name = 'LineTooLongError';
  }
}

/** One line: its 1-based number and its text (UTF-8; a trailing CR, and a BOM on line 1, removed). */
export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/**
 * Splits a byte stream into numbered lines. Invalid UTF-8 becomes U+FFFD. Throws
 * {@link LineTooLongError} for a line over `maxLineBytes` (its newline not counted).
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * for await (const { line, text } of readJsonLines(createReadStream('events.jsonl'), 4 << 20)) console.log(line, text);
 * ```
 */
export async function* readJsonLines(input: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<NumberedLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let line = 0;
  const finish = (): NumberedLine => {
    line++;
    let text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts, size)).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    parts = [];
    size = 0;
    return { line, text };
  };
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let newline = buf.indexOf(0x0a); newline !== -1; newline = buf.indexOf(0x0a, start)) {
      if (size + newline - start > maxLineBytes) throw new LineTooLongError(line + 1, maxLineBytes);
      parts.push(buf.subarray(start, newline));
      size += newline - start;
      yield finish();
      start = newline + 1;
    }
    if (start < buf.length) {
      if (size + buf.length - start > maxLineBytes) throw new LineTooLongError(line + 1, maxLineBytes);
      parts.push(buf.subarray(start));
      size += buf.length - start;
    }
  }
  if (size > 0) yield finish();
}
