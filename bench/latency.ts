/** Latency rows of the benchmark: the work queue and single routing decisions. */
import { benchClock } from './clock.js';
import type { Agent, AgentPool, RoutingPolicy, Thread } from '../dist/index.js';
import { createEngine, createMemoryStore, makeThread, parseEvent } from '../dist/index.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * `engine.queue({ now, limit })` over `open` open threads: the engine keeps the queue incrementally,
 * so asking for the top 50 does not sort every thread.
 */
export async function queueLatency(open: number, limit: number): Promise<{ medianMs: number }> {
  // The open threads are loaded by replaying a store (the fast path); the queue is what is measured.
  const store = createMemoryStore();
  const t0 = Date.UTC(2026, 10, 2);
  const events = [];
  for (let i = 0; i < open; i++) {
    events.push(
      parseEvent({
        id: `q${i}`,
        tenantId: 'bench',
        type: 'message.received',
        schemaVersion: 2,
        occurredAt: t0 + i * 1000,
        channel: (['email', 'sms', 'chat', 'whatsapp', 'social'] as const)[i % 5],
        from: { kind: 'chat', visitorId: `v${i}` },
        content: { text: i % 7 === 0 ? 'this is terrible, still broken' : 'hello, a question' },
        ...(i % 11 === 0 ? { severity: 'high' } : {}),
      }),
    );
  }
  await store.appendToStream('bench', events);
  const engine = createEngine({ store, clock: benchClock });
  await engine.ready();
  const now = t0 + open * 1000;
  engine.queue({ now, limit });
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const s = performance.now();
    engine.queue({ now: now + i * 1000, limit });
    times.push(performance.now() - s);
  }
  return { medianMs: median(times) };
}

/** One routing decision of the default policy with `count` agents (an indexed pool, not a scan). */
export function routeLatency(
  count: number,
  lib: { createAgentPool: (agents: Agent[]) => AgentPool; defaultRoutingPolicy: () => RoutingPolicy },
): { medianUs: number } {
  const languages = ['en', 'ko', 'de', 'es', 'fr'];
  const agents: Agent[] = Array.from({ length: count }, (_, i) => ({
    id: `agent-${i}`,
    tenantId: 'bench',
    status: i % 4 === 0 ? 'offline' : 'online',
    statusSince: 0,
    skills: [{ name: ['billing', 'tech', 'sales'][i % 3]!, level: 1 + (i % 10) }],
    languages: [languages[i % languages.length]!],
    teams: [`team-${i % 10}`],
    capacity: { chat: 3, email: 10, sms: 5, call: 1 },
    senior: i % 10 === 0,
    load: { chat: i % 4, email: i % 11 },
    lastAssignedAt: i * 1000,
  }));
  const pool = lib.createAgentPool(agents);
  const policy = lib.defaultRoutingPolicy();
  const threads: Thread[] = Array.from({ length: 1000 }, (_, i) =>
    makeThread({
      id: `t${i}`,
      tenantId: 'bench',
      customerId: `c${i}`,
      createdAt: 0,
      channel: (['chat', 'email', 'sms'] as const)[i % 3]!,
      channels: [(['chat', 'email', 'sms'] as const)[i % 3]!],
      tags: i % 5 === 0 ? ['billing'] : [],
      language: languages[i % languages.length]!,
    }),
  );
  for (let i = 0; i < 2000; i++) policy.route(threads[i % 1000]!, pool, { now: 1e12 });
  const times: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const s = process.hrtime.bigint();
    policy.route(threads[i % 1000]!, pool, { now: 1e12 });
    times.push(Number(process.hrtime.bigint() - s) / 1000);
  }
  return { medianUs: median(times) };
}

/**
 * Identity resolution cost per union–find operation (a link, then lookups) at two sizes: flat per
 * operation as the identity graph grows a hundredfold is what O(α(n)) amortised looks like.
 */
export function identityCost(UnionFindClass: new <K>() => { union(a: K, b: K): K; find(a: K): K }): { small_ns: number; large_ns: number } {
  const run = (n: number) => {
    const uf = new UnionFindClass<string>();
    const keys = Array.from({ length: n }, (_, i) => `phone:+1415${String(i).padStart(7, '0')}`);
    let x = 12345;
    const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) % n);
    const ops = 2 * n;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < ops; i++) {
      if (i % 2 === 0) uf.union(keys[rnd()]!, keys[rnd()]!);
      else uf.find(keys[rnd()]!);
    }
    return Number(process.hrtime.bigint() - t0) / ops;
  };
  return { small_ns: run(10_000), large_ns: run(1_000_000) };
}
