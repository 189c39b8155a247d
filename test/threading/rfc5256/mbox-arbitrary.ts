/**
 * fast-check generator of awkward mboxes for the Dovecot differential test: random reply graphs
 * with missing parents, duplicate and malformed Message-IDs, loops in References, reply/forward
 * subject variants (encoded words, blobs, trailers, localised case), missing/equal/invalid dates.
 */
import { fc } from '@fast-check/vitest';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A handful of instants so that equal dates are common. */
const instant = fc.oneof(
  fc.constantFrom(1203692783, 1203692784, 1203696000, 1300000000, 1600000000),
  fc.integer({ min: 946684800, max: 1893456000 }),
);

function fromLine(seconds: number, zone: string): string {
  const d = new Date(seconds * 1000);
  const day = d.getUTCDate();
  const dd = day < 10 ? ` ${day}` : String(day);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `From user@domain  ${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${dd} ${time} ${d.getUTCFullYear()}${zone}`;
}

const zones = ['+0000', '+0200', '-0500', '+0530', 'GMT', 'EST', 'PDT', 'UT', 'Z', 'XYZ', '+0000 (UTC)'];

const dateHeader = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(instant, fc.constantFrom(...zones), fc.boolean(), fc.boolean()).map(([s, zone, weekday, twoDigitYear]) => {
    const d = new Date(s * 1000);
    const year = twoDigitYear ? pad(d.getUTCFullYear() % 100) : String(d.getUTCFullYear());
    const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    return `${weekday ? `${DAYS[d.getUTCDay()]}, ` : ''}${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${year} ${time} ${zone}`;
  }) },
  { weight: 1, arbitrary: fc.constantFrom('garbage', '', '31 Feb 2020 10:00:00 +0000', 'Thu, 1 Jan 1970 00:00:00 +0000', '1 Jan 2020 25:00:00 +0000', 'Mon, 2 Mar 2015 10:00 +0100', '2 Mar 2015 10.11.12 +0100', '17 Nov 2009 21:28:60 +0600') },
);

const bases = [
  'foo', 'Foo', 'bar baz', 'Hello world', '', 'x', 'ünïcödé', 'straße', 'ǆungla', '(fwd)', '[tag]', '[fwd: foo]',
  '[a [b]] foo', 'Re:Re:foo', 'foo (fwd) bar', '[fwd: foo] (fwd)', '=?utf-8?q?foo?= =?utf-8?q?bar?=', '=?bogus',
  '=?x-unknown?q?re:_foo?=', '=?utf-8?b?UmU6IGZvbw==?=', '=?iso-8859-1?q?caf=E9?=', 'café', 'ﬁle', 'ｒｅ： foo', '[]',
  '=?utf-8?q?=E9?= =?utf-8?q?=FF?=', 'Re: [fwd: Re: foo]', '[FWD:foo]',
];

/** A subject built from a base and reply/forward decorations, or no Subject header at all. */
const subject = fc.option(
  fc
    .tuple(
      fc.constantFrom(...bases),
      fc.array(fc.constantFrom('Re: ', 'RE:', 're : ', 'Fwd: ', 'FW: ', 'fw[2]: ', '[list] ', '[a][b] ', ' ', 'Re[3]: ', 'AW: '), { maxLength: 3 }),
      fc.array(fc.constantFrom(' (fwd)', ' (FWD)', '  ', '\t'), { maxLength: 2 }),
      fc.constantFrom('plain', 'plain', 'plain', 'fwdwrap', 'qword', 'bword', 'fold', 'raw8bit'),
    )
    .map(([base, prefixes, trailers, style]) => {
      let s = prefixes.join('') + base + trailers.join('');
      if (style === 'fwdwrap') s = `[Fwd: ${s}]`;
      if (style === 'qword') s = `=?utf-8?q?${Buffer.from(s).toString('hex').replace(/(..)/g, '=$1')}?=`;
      if (style === 'bword') s = `Re: =?iso-8859-1?b?${Buffer.from(s.replace(/[^\x00-\xff]/g, '?'), 'latin1').toString('base64')}?=`;
      if (style === 'fold') s = s.replace(' ', '\n\t');
      // Latin-1 bytes in a raw header: invalid UTF-8, carried as U+DC00+byte (see utf8.ts)
      if (style === 'raw8bit') s = s.replace(/[\u0080-\u00ff]/g, (c) => String.fromCharCode(0xdc00 + c.charCodeAt(0)));
      return s;
    }),
  { nil: undefined, freq: 8 },
);

/** Id number → one of several spellings Dovecot must (or must not) recognise. */
const idSpelling = fc.constantFrom('plain', 'plain', 'plain', 'plain', 'spaced', 'comment', 'quoted', 'bare', 'noat', 'inner', 'literal', 'case');
function spell(n: number, how: string): string {
  switch (how) {
    case 'spaced': return `< m${n} @ example.org >`;
    case 'comment': return `<m${n}@example.org> (comment <x>)`;
    case 'quoted': return `<"m${n}"@example.org>`;
    case 'bare': return `m${n}@example.org`;
    case 'noat': return `<m${n}>`;
    case 'inner': return `<m${n}(x)@example.org>`;
    case 'literal': return `<m${n}@[10.0.0.1]>`;
    case 'case': return `<M${n}@Example.org>`;
    default: return `<m${n}@example.org>`;
  }
}

interface GenMessage {
  arrival: number;
  arrivalZone: string;
  id: number | undefined;
  idHow: string;
  refs: { n: number; how: string }[];
  refsGarbage: boolean;
  inReplyTo: { n: number; how: string } | undefined;
  subject: string | undefined;
  date: string | undefined;
}

function render(m: GenMessage, index: number): string {
  const lines = [fromLine(m.arrival, m.arrivalZone)];
  if (m.id !== undefined) lines.push(`Message-ID: ${spell(m.id, m.idHow)}`);
  if (m.refs.length > 0) {
    const parts = m.refs.map((r) => spell(r.n, r.how));
    if (m.refsGarbage) parts.splice(1, 0, 'junk <no-at-sign> ,');
    lines.push(`References: ${parts.join(index % 2 === 0 ? ' ' : '\n ')}`);
  }
  if (m.inReplyTo !== undefined) lines.push(`In-Reply-To: ${spell(m.inReplyTo.n, m.inReplyTo.how)}${index % 3 === 0 ? ' (sent by someone)' : ''}`);
  if (m.subject !== undefined) lines.push(`Subject: ${m.subject}`);
  if (m.date !== undefined) lines.push(`Date: ${m.date}`);
  return `${lines.join('\n')}\n\nbody ${index + 1}\n`;
}

/** An mbox of 1–20 messages whose ids point at each other (and at ids no message has). */
export const awkwardMbox = fc.integer({ min: 1, max: 20 }).chain((count) => {
  const idNumber = fc.integer({ min: 0, max: count + 3 }); // some ids belong to no message
  const message = fc.record({
    arrival: instant,
    arrivalZone: fc.constantFrom('', '', '', ' +0000', ' +0230', ' -0115'),
    id: fc.option(idNumber, { nil: undefined, freq: 6 }),
    idHow: idSpelling,
    refs: fc.array(fc.record({ n: idNumber, how: idSpelling }), { maxLength: 4 }),
    refsGarbage: fc.boolean(),
    inReplyTo: fc.option(fc.record({ n: idNumber, how: idSpelling }), { nil: undefined }),
    subject,
    date: fc.option(dateHeader, { nil: undefined, freq: 4 }),
  });
  return fc.array(message, { minLength: count, maxLength: count }).map((ms) => ms.map(render).join('\n'));
});

/**
 * Header values made of real ids and the characters Dovecot's Message-ID and subject parsers treat
 * specially (comments, quotes, escapes, brackets, blobs, `Re:`), for the hostile-header differential
 * run: the linear parsers must give Dovecot's answers on exactly the inputs that made the old ones
 * quadratic. No raw line breaks except folding (`\n ` continues a header line).
 */
function hostileHeader(count: number, parts: readonly string[]) {
  // Real ids, some quoted: a quoted id after a failed quoted attempt is where Dovecot's buffer carries over.
  const id = fc.tuple(fc.integer({ min: 0, max: count + 2 }), fc.boolean()).map(([n, quoted]) => (quoted ? `<"m${n}"@example.org>` : `<m${n}@example.org>`));
  return fc.array(fc.oneof({ weight: 1, arbitrary: id }, { weight: 3, arbitrary: fc.constantFrom(...parts) }), { maxLength: 24 }).map((p) => p.join(''));
}

const ID_JUNK = ['<', '>', '(', ')', '"', '\\', '@', '.', ' ', 'm1', 'x', '\n ', '<(', '<"', '(x)', '"a"@b', '@example.org>', '<"q" x> ', '<a.b (c) d> '];
const SUBJECT_JUNK = ['[', ']', ' ', 'Re', 'RE:', 'Fwd', ':', '(fwd)', '[fwd:', '[a] ', 'AW: ', 'foo', '=?', '?=', '=?utf-8?q?R=C3=A9:_?=', '\t'];

/** An mbox of 1–12 messages whose Message-ID, References, In-Reply-To and Subject are hostile. */
export const hostileHeaderMbox = fc.integer({ min: 1, max: 12 }).chain((count) => {
  const message = fc.record({
    arrival: instant,
    id: fc.option(fc.integer({ min: 0, max: count + 2 }), { nil: undefined, freq: 6 }),
    idJunk: fc.option(hostileHeader(count, ID_JUNK), { nil: undefined, freq: 3 }),
    references: fc.option(hostileHeader(count, ID_JUNK), { nil: undefined, freq: 2 }),
    inReplyTo: fc.option(hostileHeader(count, ID_JUNK), { nil: undefined, freq: 2 }),
    subject: fc.option(
      fc.array(fc.constantFrom(...SUBJECT_JUNK), { maxLength: 16 }).map((p) => p.join('')),
      { nil: undefined, freq: 8 },
    ),
  });
  return fc.array(message, { minLength: count, maxLength: count }).map((ms) =>
    ms
      .map((m, index) => {
        const lines = [fromLine(m.arrival, '')];
        if (m.id !== undefined) lines.push(`Message-ID: ${m.idJunk ?? ''}<m${m.id}@example.org>`);
        if (m.references !== undefined) lines.push(`References: ${m.references}`);
        if (m.inReplyTo !== undefined) lines.push(`In-Reply-To: ${m.inReplyTo}`);
        if (m.subject !== undefined) lines.push(`Subject: ${m.subject}`);
        return `${lines.join('\n')}\n\nbody ${index + 1}\n`;
      })
      .join('\n'),
  );
});
