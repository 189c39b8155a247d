/**
 * The demo's eight agents: who speaks what, who knows what, how many conversations of each channel
 * they take at once, and when they work.
 */
import type { Channel } from '../../events/primitives.js';
import type { EventInput } from '../../events/schemas.js';
import { DEMO_TENANT, DAY_START, iso, localTime } from './clock.js';
import type { Random } from './random.js';

/** One agent of the roster. */
export interface DemoAgent {
  readonly id: string;
  readonly name: string;
  readonly languages: readonly string[];
  readonly skills: readonly { readonly name: string; readonly level: number }[];
  readonly teams: readonly string[];
  readonly capacity: Readonly<Partial<Record<Channel, number>>>;
  readonly senior?: boolean;
  readonly exclusive?: Readonly<Partial<Record<Channel, readonly Channel[]>>>;
  /** Local [hour, minute] when the shift starts and ends. */
  readonly shift: readonly [readonly [number, number], readonly [number, number]];
  /** Local [hour, minute] of a lunch break and its length in minutes. */
  readonly lunch?: readonly [number, number, number];
}

export const DEMO_AGENTS: readonly DemoAgent[] = [
  {
    id: 'ana', name: 'Ana Souza', languages: ['en', 'de'], skills: [{ name: 'billing', level: 7 }, { name: 'tech', level: 4 }],
    teams: ['support'], capacity: { email: 6, chat: 2, sms: 3, whatsapp: 3 }, shift: [[8, 0], [17, 0]], lunch: [12, 0, 45],
  },
  {
    id: 'minji', name: 'Park Min-ji', languages: ['ko', 'en'], skills: [{ name: 'tech', level: 7 }, { name: 'billing', level: 4 }],
    teams: ['support'], capacity: { email: 5, chat: 2, sms: 3, whatsapp: 3, social: 2 }, shift: [[8, 0], [17, 0]], lunch: [12, 30, 45],
  },
  {
    id: 'jonas', name: 'Jonas Weber', languages: ['de', 'en'], skills: [{ name: 'billing', level: 5 }, { name: 'tech', level: 5 }],
    teams: ['support'], capacity: { email: 6, chat: 2, whatsapp: 3, sms: 2 }, shift: [[9, 0], [18, 0]], lunch: [13, 0, 45],
  },
  {
    id: 'priya', name: 'Priya Nair', languages: ['en'], skills: [{ name: 'billing', level: 8 }, { name: 'tech', level: 6 }],
    teams: ['vip', 'support'], capacity: { email: 4, chat: 1, call: 1, whatsapp: 2, sms: 2 }, senior: true, shift: [[8, 0], [17, 0]], lunch: [12, 0, 30],
  },
  {
    id: 'seojun', name: 'Kim Seo-jun', languages: ['ko', 'en'], skills: [{ name: 'sales', level: 6 }],
    teams: ['campaign'], capacity: { email: 5, chat: 2, whatsapp: 3, sms: 3, social: 2 }, shift: [[9, 0], [18, 0]], lunch: [12, 30, 45],
  },
  {
    id: 'sam', name: 'Sam Carter', languages: ['en'], skills: [{ name: 'sales', level: 7 }],
    teams: ['campaign'], capacity: { email: 5, chat: 2, social: 3 }, shift: [[8, 0], [16, 0]], lunch: [12, 0, 30],
  },
  {
    id: 'lena', name: 'Lena Fischer', languages: ['de', 'en'], skills: [{ name: 'tech', level: 6 }],
    teams: ['support', 'voice'], capacity: { call: 1, email: 3 }, exclusive: { call: ['email'] }, shift: [[8, 0], [17, 0]], lunch: [12, 45, 45],
  },
  {
    id: 'tom', name: 'Tom Reid', languages: ['en', 'ko'], skills: [{ name: 'tech', level: 8 }],
    teams: ['support', 'vip'], capacity: { email: 4, chat: 2, social: 2, call: 1, whatsapp: 2 }, exclusive: { call: ['chat'] }, senior: true,
    shift: [[13, 0], [18, 30]],
  },
];

/**
 * The roster's events: every profile at the start of the day, then each agent going online, away
 * for lunch and offline, a few minutes either way.
 *
 * @example
 * ```ts
 * import { createRandom } from './random.js';
 * const events = agentEvents(createRandom(42, 3)); // agent.profile_set ×8, agent.status_changed …
 * ```
 */
export function agentEvents(rnd: Random): EventInput[] {
  const base = { tenantId: DEMO_TENANT, schemaVersion: 2 } as const;
  const out: EventInput[] = [];
  for (const a of DEMO_AGENTS) {
    out.push({
      ...base,
      id: `agent-${a.id}-profile`,
      type: 'agent.profile_set',
      occurredAt: iso(DAY_START),
      agentId: a.id,
      name: a.name,
      languages: [...a.languages],
      skills: a.skills.map((s) => ({ ...s })),
      teams: [...a.teams],
      capacity: { ...a.capacity },
      ...(a.exclusive ? { exclusive: Object.fromEntries(Object.entries(a.exclusive).map(([k, v]) => [k, [...v]])) } : {}),
      ...(a.senior ? { senior: true } : {}),
    });
    const status = (at: number, s: 'online' | 'away' | 'offline') =>
      out.push({ ...base, id: `agent-${a.id}-${s}-${at}`, type: 'agent.status_changed', occurredAt: iso(at), agentId: a.id, status: s });
    const [[h0, m0], [h1, m1]] = a.shift;
    status(localTime(h0, m0 + rnd.int(0, 6)), 'online');
    if (a.lunch) {
      const [h, m, length] = a.lunch;
      const away = localTime(h, m + rnd.int(0, 10));
      status(away, 'away');
      status(away + length * 60_000, 'online');
    }
    if (h1 < 18 || (h1 === 18 && m1 === 0)) status(localTime(h1, m1 + rnd.int(0, 5)), 'offline');
  }
  return out;
}
