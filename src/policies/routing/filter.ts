import { z } from 'zod';
import type { Agent } from '../../agents/types.js';
import { FORBIDDEN_KEYS } from '../../events/primitives.js';
import type { Customer } from '../../identity/types.js';
import type { Thread } from '../../threading/types.js';

export type FilterScalar = string | number | boolean | null;
export type FilterOp = 'eq' | 'ne' | 'in' | 'notIn' | 'has' | 'exists' | 'gt' | 'gte' | 'lt' | 'lte';

/**
 * One test on a field: `thread.*`, `customer.*` (`customer.vip`, `customer.region`, `customer.extra.plan`)
 * or `agent.*` (`agent.teams`, `agent.region`, `agent.skills.billing` = the level). Compare with a
 * constant `value`, or with another field through `ref`. Ops: `eq`, `ne`, `in`/`notIn` (value in a
 * list; for an array field, any overlap), `has` (array field contains), `exists`, `gt`/`gte`/`lt`/`lte`.
 *
 * @example
 * ```ts
 * import type { FieldCondition } from 'omnithread';
 * const c: FieldCondition = { field: 'agent.skills.billing', op: 'gte', value: 5 };
 * ```
 */
export interface FieldCondition {
  readonly field: string;
  readonly op: FilterOp;
  readonly value?: FilterScalar | readonly FilterScalar[];
  readonly ref?: string;
}

/**
 * A structured, JSON-friendly filter over a thread, its customer and an agent. Evaluated by a small
 * interpreter — never `eval` — reading only own properties.
 *
 * @example
 * ```ts
 * import type { RoutingFilter } from 'omnithread';
 * const sameRegionSenior: RoutingFilter = {
 *   all: [
 *     { field: 'agent.region', op: 'eq', ref: 'customer.region' },
 *     { field: 'agent.senior', op: 'eq', value: true },
 *   ],
 * };
 * ```
 */
export type RoutingFilter =
  | { readonly all: readonly RoutingFilter[] }
  | { readonly any: readonly RoutingFilter[] }
  | { readonly not: RoutingFilter }
  | FieldCondition;

/**
 * What a filter is evaluated against.
 *
 * @example
 * ```ts
 * import { type FilterEnv, compileFilter } from 'omnithread';
 * const filter = { field: 'agent.region', op: 'eq', ref: 'customer.region' } as const;
 * compileFilter(filter).test({ thread, customer, agent } satisfies FilterEnv);
 * ```
 */
export interface FilterEnv {
  readonly thread: Thread;
  readonly customer?: Customer;
  readonly agent?: Agent;
}

type Root = 'thread' | 'customer' | 'agent';
const CUSTOMER_ATTRIBUTES = new Set(['name', 'tier', 'vip', 'language', 'region']);
const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

function pathProblem(path: string, roots: readonly Root[]): string | undefined {
  const [root, ...rest] = path.split('.');
  if (!roots.includes(root as Root)) return `field must start with ${roots.map((r) => `${r}.`).join(' or ')}`;
  if (rest.length === 0 || rest.length > 4) return 'field needs 1 to 4 names after the root';
  if (rest.some((s) => !SEGMENT.test(s) || FORBIDDEN_KEYS.has(s))) return `field ${path} has a forbidden or malformed name`;
  return undefined;
}

const scalar = z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]);

/** The zod schema of a filter whose fields may use `roots` (a `when` may not look at agents). */
export function routingFilterSchema(roots: readonly Root[] = ['thread', 'customer', 'agent']): z.ZodType<RoutingFilter> {
  const path = z.string().max(256).superRefine((p, ctx) => {
    const problem = pathProblem(p, roots);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
  const condition = z
    .strictObject({
      field: path,
      op: z.enum(['eq', 'ne', 'in', 'notIn', 'has', 'exists', 'gt', 'gte', 'lt', 'lte']),
      value: z.union([scalar, z.array(scalar).max(1000)]).optional(),
      ref: path.optional(),
    })
    .superRefine((c, ctx) => {
      const given = (c.value !== undefined ? 1 : 0) + (c.ref !== undefined ? 1 : 0);
      if (c.op === 'exists') {
        if (given) ctx.addIssue({ code: 'custom', message: 'exists takes neither value nor ref' });
      } else if (given !== 1) ctx.addIssue({ code: 'custom', message: `${c.op} needs exactly one of value or ref` });
      else if ((c.op === 'in' || c.op === 'notIn') && c.value !== undefined && !Array.isArray(c.value))
        ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.op} needs an array value` });
      else if (c.op !== 'in' && c.op !== 'notIn' && Array.isArray(c.value))
        ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.op} needs a single value` });
      else if (['gt', 'gte', 'lt', 'lte'].includes(c.op) && c.value !== undefined && typeof c.value !== 'number')
        ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.op} needs a number` });
    });
  const schema: z.ZodType<RoutingFilter> = z.lazy(() =>
    z.union([
      z.strictObject({ all: z.array(schema).max(50) }),
      z.strictObject({ any: z.array(schema).max(50) }),
      z.strictObject({ not: schema }),
      condition,
    ]),
  ) as z.ZodType<RoutingFilter>;
  return schema;
}

type Getter = (env: FilterEnv) => unknown;

function own(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}

function compilePath(path: string): Getter {
  const [root, ...rest] = path.split('.') as [Root, ...string[]];
  const walk = (start: unknown, keys: readonly string[]): unknown => {
    let v = start;
    for (let i = 0; i < keys.length && v !== undefined; i++) v = own(v, keys[i]!);
    return v;
  };
  // the common one-name case without the loop: it runs once per candidate agent
  if (rest.length === 1) {
    const key = rest[0]!;
    if (root === 'customer' && CUSTOMER_ATTRIBUTES.has(key)) return (env) => own(env.customer?.attributes, key);
    return (env) => own(env[root], key);
  }
  if (root === 'agent' && rest[0] === 'skills' && rest.length === 2) {
    const skill = rest[1];
    return (env) => env.agent?.skills.find((s) => s.name === skill)?.level;
  }
  if (root === 'customer' && rest[0] !== undefined && CUSTOMER_ATTRIBUTES.has(rest[0])) {
    return (env) => walk(env.customer?.attributes, rest);
  }
  if (root === 'customer' && rest[0] === 'extra') return (env) => walk(env.customer?.attributes.extra, rest.slice(1));
  return (env) => walk(env[root], rest);
}

const isScalar = (v: unknown): v is FilterScalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function compileCondition(c: FieldCondition): (env: FilterEnv) => boolean {
  const left = compilePath(c.field);
  const right: Getter = c.ref !== undefined ? compilePath(c.ref) : () => c.value;
  const eq = (l: unknown, r: unknown): boolean => l !== undefined && isScalar(l) && l === r;
  const inList = (l: unknown, r: unknown): boolean => {
    if (!Array.isArray(r)) return false;
    return Array.isArray(l) ? l.some((x) => r.includes(x)) : l !== undefined && r.includes(l);
  };
  const num = (cmp: (l: number, r: number) => boolean) => (l: unknown, r: unknown) =>
    typeof l === 'number' && typeof r === 'number' && cmp(l, r);
  const ops: Record<FilterOp, (l: unknown, r: unknown) => boolean> = {
    eq,
    ne: (l, r) => !eq(l, r),
    in: inList,
    notIn: (l, r) => !inList(l, r),
    has: (l, r) => Array.isArray(l) && r !== undefined && l.includes(r),
    exists: (l) => l !== undefined && l !== null,
    gt: num((l, r) => l > r),
    gte: num((l, r) => l >= r),
    lt: num((l, r) => l < r),
    lte: num((l, r) => l <= r),
  };
  const op = ops[c.op];
  return (env) => op(left(env), right(env));
}

/**
 * A filter ready to run, and whether it looks at the agent at all.
 *
 * @example
 * ```ts
 * import { type CompiledFilter, compileFilter } from 'omnithread';
 * const f: CompiledFilter = compileFilter({ field: 'agent.senior', op: 'eq', value: true });
 * f.usesAgent; // true
 * ```
 */
export interface CompiledFilter {
  readonly test: (env: FilterEnv) => boolean;
  readonly usesAgent: boolean;
}

/**
 * Compiles a (validated) filter into a predicate. Missing fields never match (`ne` and `notIn`
 * excepted); `all: []` is true, `any: []` is false.
 *
 * @example
 * ```ts
 * import { compileFilter } from 'omnithread';
 * const vip = compileFilter({ field: 'customer.vip', op: 'eq', value: true });
 * vip.test({ thread, customer }); // true for a VIP
 * ```
 */
export function compileFilter(filter: RoutingFilter): CompiledFilter {
  if ('all' in filter) {
    const parts = filter.all.map(compileFilter);
    return { test: (env) => parts.every((p) => p.test(env)), usesAgent: parts.some((p) => p.usesAgent) };
  }
  if ('any' in filter) {
    const parts = filter.any.map(compileFilter);
    return { test: (env) => parts.some((p) => p.test(env)), usesAgent: parts.some((p) => p.usesAgent) };
  }
  if ('not' in filter) {
    const inner = compileFilter(filter.not);
    return { test: (env) => !inner.test(env), usesAgent: inner.usesAgent };
  }
  const usesAgent = filter.field.startsWith('agent.') || (filter.ref?.startsWith('agent.') ?? false);
  return { test: compileCondition(filter), usesAgent };
}

/**
 * A filter in words, for reasons: `(customer.vip eq true or customer.tier in ["gold"])`.
 *
 * @example
 * ```ts
 * import { describeFilter } from 'omnithread';
 * describeFilter({ field: 'agent.region', op: 'eq', ref: 'customer.region' }); // 'agent.region eq customer.region'
 * ```
 */
export function describeFilter(filter: RoutingFilter): string {
  if ('all' in filter) return filter.all.length ? `(${filter.all.map(describeFilter).join(' and ')})` : 'always';
  if ('any' in filter) return filter.any.length ? `(${filter.any.map(describeFilter).join(' or ')})` : 'never';
  if ('not' in filter) return `not ${describeFilter(filter.not)}`;
  if (filter.op === 'exists') return `${filter.field} exists`;
  return `${filter.field} ${filter.op} ${filter.ref ?? JSON.stringify(filter.value)}`;
}
