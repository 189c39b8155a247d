/**
 * Routing decision latency with 1,000 agents. Run: `npx tsx test/policies/routing/decision-latency.bench.ts`.
 * Times each decision alone with process.hrtime.bigint and prints the median and p99 per policy.
 */
import type { Agent } from '../../../src/agents/types.js';
import { CHANNELS, type Channel } from '../../../src/events/primitives.js';
import type { Customer } from '../../../src/identity/types.js';
import type { Thread } from '../../../src/threading/types.js';
import * as R from '../../../src/policies/routing/index.js';

let seed = 42;
const rand = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const some = <T>(xs: readonly T[], n: number): T[] => [...new Set(Array.from({ length: n }, () => pick(xs)))];

const SKILLS = ['billing', 'tech', 'sales', 'refunds', 'shipping', 'returns', 'api', 'mobile', 'enterprise', 'fraud', 'onboarding', 'legal'];
const LANGS = ['en', 'de', 'fr', 'es', 'ko', 'ja', 'pt', 'it'];
const REGIONS = ['eu', 'us', 'apac', 'latam'];
const TEAMS = ['general', 'senior', 'sales', 'billing', 'tech', 'campaign-spring', 'vip', 'night', 'emea', 'amer'];
const CAP: Record<Channel, [number, number]> = { chat: [0.7, 3], email: [0.6, 10], call: [0.3, 1], sms: [0.5, 5], whatsapp: [0.5, 5], social: [0.2, 5] };
const NOW = 1_735_689_600_000;

function agent(i: number): Agent {
  const capacity: Partial<Record<Channel, number>> = {};
  const load: Partial<Record<Channel, number>> = {};
  for (const ch of CHANNELS) {
    const [p, c] = CAP[ch];
    if (rand() < p) {
      capacity[ch] = c;
      load[ch] = Math.floor(rand() * (c + 1));
    }
  }
  return {
    id: `agent-${String(i).padStart(4, '0')}`,
    tenantId: 't',
    status: rand() < 0.8 ? 'online' : pick(['away', 'offline'] as const),
    statusSince: NOW - 3_600_000,
    skills: some(SKILLS, 2 + Math.floor(rand() * 3)).map((name) => ({ name, level: 1 + Math.floor(rand() * 10) })),
    languages: some(LANGS, 1 + Math.floor(rand() * 3)),
    region: pick(REGIONS),
    teams: some(TEAMS, 1 + Math.floor(rand() * 2)),
    capacity,
    exclusive: { call: ['chat', 'email'] },
    senior: rand() < 0.2,
    lastAssignedAt: NOW - Math.floor(rand() * 3_600_000),
    load,
  };
}

function thread(i: number): Thread {
  const channel = pick(CHANNELS);
  return {
    id: `th-${i}`, tenantId: 't', customerId: `c-${i % 500}`, ref: `R${i}`, status: 'open', channel, channels: [channel], messages: [], declines: [],
    createdAt: NOW - 60_000, lastActivityAt: NOW - 60_000, tags: some(['refund', 'outage', 'billing', 'urgent', 'campaign:spring'], Math.floor(rand() * 3)),
    ...(rand() < 0.3 ? { campaign: 'spring' } : {}), ...(rand() < 0.7 ? { language: pick(LANGS) } : {}),
    needsCallback: false, visibility: 'public', handledBy: 'human', transfers: 0, reopens: 0, assignments: 0,
    notes: [], surveys: [], statusHistory: [], ignored: [],
  };
}

function customer(id: string): Customer {
  return {
    id, tenantId: 't', identities: [], mergedFrom: [], threadIds: [], createdAt: NOW - 1e9, lastContactAt: NOW,
    attributes: { vip: rand() < 0.1, region: pick(REGIONS), language: pick(LANGS), tier: pick(['gold', 'silver', 'basic']), extra: {} },
  };
}

const agents = Array.from({ length: 1000 }, (_, i) => agent(i));
const pool = R.createAgentPool(agents);
const N = 20_000;
const threads = Array.from({ length: 2000 }, (_, i) => thread(i));
const ctxs: R.RoutingContext[] = threads.map((t) => ({
  now: NOW,
  customer: customer(t.customerId),
  ...(rand() < 0.3 ? { history: { lastAgentId: pick(agents).id, lastHandledAt: NOW - Math.floor(rand() * 2 * 86_400_000) } } : {}),
  waitingSinceMs: NOW - Math.floor(rand() * 600_000),
}));

const policies: R.RoutingPolicy[] = [
  R.defaultRoutingPolicy({ skillsByTag: { refund: ['billing'], outage: [{ name: 'tech', level: 5 }] } }),
  R.roundRobin(),
  R.balanced(),
  R.highestSpareCapacity(),
  R.skillsBased({ required: ['billing'], preferred: ['enterprise'], language: 'preferred' }),
  R.sticky({ windowMs: 86_400_000 }),
  R.ruleBased({ rules: [R.vipRule({ team: 'senior' }), ...R.campaignRules({ spring: 'campaign-spring' }), R.regionRule(), { name: 'rest' }] }),
  R.workflow({
    targets: [
      { name: 'vip', when: { field: 'customer.vip', op: 'eq', value: true }, filter: { field: 'agent.senior', op: 'eq', value: true }, timeoutMs: 60_000 },
      { name: 'same-region', filter: { field: 'agent.region', op: 'eq', ref: 'customer.region' }, timeoutMs: 120_000, skipIfNobody: true },
      { name: 'everyone', timeoutMs: 600_000 },
    ],
  }),
];

const results: string[] = [];
for (const policy of policies) {
  for (let i = 0; i < 2000; i++) policy.route(threads[i % threads.length]!, pool, ctxs[i % ctxs.length]!); // warm-up
  const times = new Float64Array(N);
  let assigned = 0;
  for (let i = 0; i < N; i++) {
    const t = threads[i % threads.length]!;
    const c = ctxs[i % ctxs.length]!;
    const start = process.hrtime.bigint();
    const d = policy.route(t, pool, c);
    times[i] = Number(process.hrtime.bigint() - start) / 1000;
    if (d.kind === 'assign') assigned++;
  }
  times.sort();
  const median = times[N >> 1]!;
  const p99 = times[Math.floor(N * 0.99)]!;
  results.push(`${policy.name.padEnd(22)} median ${median.toFixed(2)} µs  p99 ${p99.toFixed(2)} µs  assigned ${((100 * assigned) / N).toFixed(0)}%`);
}
console.log(`1,000 agents (${CHANNELS.map((c) => `${c} ${pool.availableCount(c)}`).join(', ')} available), ${N} decisions each:`);
for (const line of results) console.log('  ' + line);
