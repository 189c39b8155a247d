/**
 * Reading a log file line by line without ever holding it as one string: chunks of 1 MiB, a buffer
 * that grows only for a line longer than itself.
 */
import type { FileHandle } from 'node:fs/promises';

const CHUNK = 1 << 20;

/** Called for each newline-terminated line: buf[start, end) without the newline, at file `offset`. */
export type LineHandler = (buf: Buffer, start: number, end: number, offset: number) => void | Promise<void>;

/**
 * Calls `onLine` for each complete line and returns the unterminated rest of the file (the bytes
 * after the last newline) with its offset.
 *
 * @example
 * ```ts
 * import { open } from 'node:fs/promises';
 * const handle = await open('events.jsonl', 'r');
 * const { offset, rest } = await scanLines(handle, (buf, start, end, at) => console.log(at, end - start));
 * ```
 */
export async function scanLines(handle: FileHandle, onLine: LineHandler): Promise<{ offset: number; rest: Buffer }> {
  let buf = Buffer.allocUnsafe(CHUNK);
  let filled = 0;
  let base = 0; // file offset of buf[0]
  for (;;) {
    if (filled === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2); // one line longer than the buffer
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
    }
    const { bytesRead } = await handle.read(buf, filled, buf.length - filled, base + filled);
    if (bytesRead === 0) return { offset: base, rest: Buffer.from(buf.subarray(0, filled)) };
    const scanFrom = filled;
    filled += bytesRead;
    let start = 0;
    let newline = buf.indexOf(0x0a, scanFrom);
    while (newline !== -1 && newline < filled) {
      const pending = onLine(buf, start, newline, base + start);
      if (pending) await pending;
      start = newline + 1;
      newline = buf.indexOf(0x0a, start);
    }
    buf.copy(buf, 0, start, filled);
    filled -= start;
    base += start;
  }
}
