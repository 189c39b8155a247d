// The mbox reader as it was before issue 14 (whole file decoded to one string, then sliced; ~5 MB/s),
// kept unchanged as the oracle of mbox-reader.prop.test.ts: the byte reader must give exactly its answers.
import { OmnithreadError } from '../../../../src/errors.js';
import type { MboxMessage } from '../../../../src/threading/rfc5256/mbox.js';
import { parseFromLine } from '../../../../src/threading/rfc5256/mbox.js';
import { parseMessageDate } from '../../../../src/threading/rfc5256/message-date.js';
import { fromBytes } from '../../../../src/threading/rfc5256/utf8.js';

function parseHeaders(text: string, start: number, end: number): [string, string][] {
  const headers: [string, string][] = [];
  let i = start;
  while (i < end) {
    let nl = text.indexOf('\n', i);
    if (nl < 0 || nl > end) nl = end;
    let line = text.slice(i, nl);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    i = nl + 1;
    if (line === '') break;
    const last = headers[headers.length - 1];
    if ((line[0] === ' ' || line[0] === '\t') && last !== undefined) {
      last[1] += '\n' + line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).replace(/[ \t]+$/, '');
    headers.push([name, line.slice(colon + 1).replace(/^[ \t]+/, '')]);
  }
  return headers;
}

function firstHeader(headers: readonly (readonly [string, string])[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** Positions just after each `From ` that starts a message, with its parsed From_ line. */
function messageStarts(text: string): { at: number; body: number; sender: string; seconds: number }[] {
  const starts: { at: number; body: number; sender: string; seconds: number }[] = [];
  const first = text.startsWith('From ') ? parseFromLine(text, 5) : undefined;
  if (first === undefined) {
    throw new OmnithreadError('INVALID_MBOX', "mbox doesn't begin with a valid 'From ' line", {
      issues: [{ path: [0], message: 'expected "From <sender> <asctime date>" on the first line' }],
    });
  }
  const lineEnd = (from: number): number => {
    const nl = text.indexOf('\n', from);
    return nl < 0 ? text.length : nl + 1;
  };
  starts.push({ at: 0, body: lineEnd(0), sender: first[0], seconds: first[1] });
  for (let nl = text.indexOf('\nFrom ', 0); nl >= 0; nl = text.indexOf('\nFrom ', nl + 1)) {
    const parsed = parseFromLine(text, nl + 6);
    if (parsed === undefined) continue;
    starts.push({ at: nl + 1, body: lineEnd(nl + 1), sender: parsed[0], seconds: parsed[1] });
  }
  return starts;
}

/**
 * Splits an mbox into messages and reads the headers threading needs. Bytes that are not valid
 * UTF-8 are kept losslessly (see utf8.ts), so ids and subjects compare as Dovecot compares them.
 *
 * @throws OmnithreadError `INVALID_MBOX` when the text does not start with a valid `From ` line.
 * @example
 * ```ts
 * import { parseMbox } from 'omnithread';
 * const [first] = parseMbox('From a@b Fri Feb 22 15:06:23 2008\nMessage-ID: <a@b>\nSubject: hi\n\nbody\n');
 * first?.subject;     // 'hi'
 * first?.arrivalDate; // 1203692783000
 * ```
 */
export function parseMbox(input: string | Uint8Array): MboxMessage[] {
  const text = typeof input === 'string' ? input : fromBytes(input);
  const starts = messageStarts(text);
  return starts.map((start, index) => {
    const next = starts[index + 1];
    const end = next === undefined ? text.length : next.at;
    const headers = parseHeaders(text, start.body, end);
    const date = parseMessageDate(firstHeader(headers, 'Date'));
    return {
      position: index + 1,
      sender: start.sender,
      headers,
      messageId: firstHeader(headers, 'Message-ID') ?? null,
      inReplyTo: firstHeader(headers, 'In-Reply-To') ?? null,
      references: firstHeader(headers, 'References') ?? null,
      subject: firstHeader(headers, 'Subject') ?? null,
      date: date ?? null,
      arrivalDate: start.seconds * 1000,
    };
  });
}
