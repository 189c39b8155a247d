/** The demo report as text for a terminal: five sections of aligned tables, colour only when allowed. */
import { type Painter, displayWidth, formatAge, formatTable } from '../format.js';
import { formatLocal } from './clock.js';
import type { ChannelMetrics, CustomerSection, DemoReport, QueueRow, RoutingRow } from './report.js';

/** Cuts text to `width` terminal cells, ending with `…` when it was longer. */
export function truncate(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (displayWidth(line) <= width) return line;
  let out = '';
  for (const ch of line) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '-' : v);
const age = (ms: number | null) => (ms === null ? '-' : formatAge(ms));
const percent = (rate: number | null) => (rate === null ? '-' : `${Math.round(rate * 100)}%`);
const signed = (n: number) => (n >= 0 ? `+${Math.round(n)}` : String(Math.round(n)));

function heading(n: number, title: string, paint: Painter): string {
  const text = `${n}. ${title}`;
  return `\n${paint.bold(paint.cyan(text))}\n${paint.dim('─'.repeat(displayWidth(text)))}\n`;
}

function isHighlight(c: CustomerSection): boolean {
  return c.mergedFrom.length > 0 || c.vip || c.tier !== null || new Set(c.timeline.map((e) => e.channel)).size > 1;
}

function customerBlock(c: CustomerSection, paint: Painter): string {
  const tags = [c.language, c.vip ? paint.yellow('VIP') : null, c.tier, c.mergedFrom.length > 0 ? paint.green(`merged from ${c.mergedFrom.length + 1} profiles`) : null].filter(Boolean);
  let out = `\n${paint.bold(c.name)}  ${paint.dim(tags.join(' · '))}\n`;
  const threads = c.threads.map((t) => `#${t.ref} ${t.status}${t.assignee ? ` (${t.assignee})` : ''} ${t.channels.join('+')}`);
  out += formatTable(
    [
      ['identities', c.identities.join(', ')],
      ['threads', threads.join(' · ')],
    ],
    { indent: '  ' },
  );
  out += formatTable(
    c.timeline.map((e) => [
      e.time,
      `#${e.threadRef}`,
      e.channel,
      e.direction === 'inbound' ? '← customer' : `→ ${e.author}`,
      truncate(e.summary, 64),
    ]),
    { indent: '  ' },
  );
  return out;
}

function customersSection(r: DemoReport, paint: Painter): string {
  const highlighted = r.customers.filter(isHighlight);
  const others = r.customers.filter((c) => !isHighlight(c));
  let out = heading(1, 'Unified threads per customer', paint);
  out += `${highlighted.length} customers wrote on several channels, were merged from several profiles, or are VIPs: their whole\nhistory, every channel in one order (← from the customer, → from an agent).\n`;
  for (const c of highlighted) out += customerBlock(c, paint);
  out += `\n${paint.bold(`The other ${others.length} customers`)}\n`;
  out += formatTable(
    others.map((c) => {
      const last = c.threads[c.threads.length - 1];
      return [
        truncate(c.name, 28),
        dash(c.language),
        [...new Set(c.timeline.map((e) => e.channel))].join('+'),
        String(c.timeline.length),
        last?.status ?? '-',
        dash(last?.assignee),
        truncate(c.timeline[0]?.summary ?? '', 52),
      ];
    }),
    { header: ['Customer', 'Lang', 'Channels', 'Msgs', 'Status', 'Agent', 'First message'], align: ['left', 'left', 'left', 'right'] },
  );
  return out;
}

function topReasons(q: QueueRow): string {
  return [...q.reasons]
    .filter((x) => Math.round(x.points) !== 0)
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
    .slice(0, 3)
    .map((x) => `${x.factor} ${signed(x.points)}`)
    .join(', ');
}

function queueSection(r: DemoReport, paint: Painter): string {
  let out = heading(2, `Priority queue at ${formatLocal(Date.parse(r.day.end))}`, paint);
  if (r.queue.length === 0) return `${out}No open work.\n`;
  out += 'Open work, assigned or not, best first: the score is the sum of the reasons.\n\n';
  out += formatTable(
    r.queue.map((q) => [
      String(q.rank),
      paint.bold(String(Math.round(q.score))),
      truncate(q.customer, 24),
      q.channel,
      q.status,
      age(q.waitingMs),
      dash(q.assignee),
      topReasons(q),
    ]),
    { header: ['#', 'Score', 'Customer', 'Channel', 'Status', 'Waiting', 'Agent', 'Top reasons'], align: ['right', 'right'] },
  );
  const top = r.queue[0];
  if (top) {
    out += `\nWhy #1 (${top.customer}) comes first:\n`;
    out += formatTable(
      top.reasons.filter((x) => x.points !== 0).map((x) => [x.factor, signed(x.points), x.detail]),
      { align: ['left', 'right'], indent: '  ' },
    );
  }
  return out;
}

function decisionRow(d: RoutingRow, paint: Painter): string[] {
  const outcome = d.outcome === 'assigned' ? paint.green(`→ ${d.agentId}`) : paint.yellow(`queued${d.queue ? ` in ${d.queue}` : ''}`);
  return [d.time, truncate(d.customer, 20), d.channel, outcome, truncate(d.why, 90)];
}

function routingSection(r: DemoReport, paint: Painter): string {
  let out = heading(3, 'Routing decisions', paint);
  out += 'VIP and campaign rules first, then the previous agent (sticky, 1 day), then a skilled agent who speaks\nthe language, then the least busy skilled agent; nobody free: queued.\n\n';
  out += formatTable(
    r.routing.agents.map((a) => [a.id, a.name, a.languages.join(','), a.skills.join(', '), a.teams.join(','), String(a.assigned), String(a.openAtEnd), a.statusAtEnd]),
    { header: ['Agent', 'Name', 'Speaks', 'Skills', 'Teams', 'Assigned', 'Open', 'At end'], align: ['left', 'left', 'left', 'left', 'left', 'right', 'right'] },
  );
  const queued = r.routing.decisions.filter((d) => d.outcome === 'queued').length;
  out += `\n${r.routing.decisions.length - queued} assignments and ${queued} times work had to queue (a thread re-queued unchanged counts once):\n\n`;
  out += formatTable(r.routing.decisions.map((d) => decisionRow(d, paint)), { header: ['Time', 'Customer', 'Channel', 'Outcome', 'Why'] });
  const still = r.routing.stillQueued;
  out += still.length === 0 ? '\nNothing is left in a queue.\n' : `\n${paint.yellow(`Still queued at the end of the day: ${still.length}`)}\n`;
  if (still.length > 0) out += formatTable(still.map((d) => decisionRow(d, paint)), { indent: '  ' });
  return out;
}

function slaSection(r: DemoReport, paint: Painter): string {
  const s = r.sla;
  let out = heading(4, 'Service levels', paint);
  out += `Targets in Seoul business hours (${r.day.businessHours}); warnings 10 minutes before a deadline.\n`;
  out += `${paint.red(`${s.breaches.length} breaches`)}, ${paint.yellow(`${s.warningsMet.length} warnings met in time`)}, ${s.atRisk.length} at risk at the end of the day; ${percent(s.hitRate)} of finished clocks hit their target.\n`;
  if (s.breaches.length > 0) {
    out += `\n${paint.bold('Breached')}\n`;
    out += formatTable(
      s.breaches.map((b) => [b.time, truncate(b.customer, 24), b.channel, b.metric, b.statusNow]),
      { header: ['Time', 'Customer', 'Channel', 'Target missed', 'Thread now'] },
    );
  }
  if (s.warningsMet.length > 0) {
    out += `\n${paint.bold('Warned, then answered in time')}\n`;
    out += formatTable(s.warningsMet.map((b) => [b.time, truncate(b.customer, 24), b.channel, b.metric]), { header: ['Time', 'Customer', 'Channel', 'Target'] });
  }
  if (s.atRisk.length > 0) {
    out += `\n${paint.bold('At risk: an hour of business time or less left (due early tomorrow morning)')}\n`;
    out += formatTable(
      s.atRisk.map((a) => [truncate(a.customer, 24), a.channel, a.metric, a.rule, a.remainingMs < 0 ? paint.red(`over by ${formatAge(-a.remainingMs)}`) : `${formatAge(a.remainingMs)} left`]),
      { header: ['Customer', 'Channel', 'Target', 'Rule', 'Business time'] },
    );
  }
  if (s.flagged.length > 0) {
    out += `\n${paint.bold('Flagged for a supervisor')}\n`;
    out += formatTable(s.flagged.map((f) => [truncate(f.customer, 24), f.reason]), { indent: '  ' });
  }
  return out;
}

function metricsRow(m: ChannelMetrics): string[] {
  return [
    m.channel,
    String(m.threads),
    age(m.firstResponseMedianMs),
    age(m.firstResponseP90Ms),
    age(m.firstResponseBusinessMedianMs),
    String(m.resolved),
    age(m.resolutionMedianMs),
    percent(m.firstContactResolutionRate),
    percent(m.slaHitRate),
    m.csatMean === null ? '-' : `${m.csatMean.toFixed(1)} (${m.csatCount})`,
  ];
}

function metricsSection(r: DemoReport, paint: Painter): string {
  let out = heading(5, 'Metrics by channel', paint);
  out += formatTable([...r.metrics.byChannel.map(metricsRow), metricsRow(r.metrics.total)], {
    header: ['Channel', 'Threads', '1st reply', 'p90', 'In hours', 'Resolved', 'Resolution', 'FCR', 'SLA hit', 'CSAT'],
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  out += paint.dim('1st reply: median time to the first answer (p90: 90th percentile; in hours: counting business hours only).\nFCR: resolved in one agent touch. CSAT: mean score 1-5 (answers).\n');
  return out;
}

/**
 * The whole report as text.
 *
 * @example
 * ```ts
 * import { createMemoryStore } from 'omnithread';
 * import { colorEnabled, processIo } from '../io.js';
 * import { createPainter } from '../format.js';
 * import { buildReport } from './report.js';
 * import { simulateDay } from './simulate.js';
 * const io = processIo();
 * const run = await simulateDay({ seed: 42, store: createMemoryStore() });
 * io.stdout(renderReport(buildReport(run), createPainter(colorEnabled(io, 'stdout'))));
 * ```
 */
export function renderReport(r: DemoReport, paint: Painter): string {
  const t = r.totals;
  let out = `${paint.bold(`omnithread demo · seed ${r.seed}`)}\n`;
  out += `A Tuesday at Acme's support desk in Seoul: ${r.day.date}, ${r.day.timeZone}, ${formatLocal(Date.parse(r.day.start))}-${formatLocal(Date.parse(r.day.end))}.\n`;
  out += `${t.events} events through the engine and its file store · ${t.customers} customers (${t.mergedProfiles} profiles merged in) · ${t.threads} threads · ${t.messages} messages · ${t.agents} agents\n`;
  out += customersSection(r, paint);
  out += queueSection(r, paint);
  out += routingSection(r, paint);
  out += slaSection(r, paint);
  out += metricsSection(r, paint);
  return out;
}
