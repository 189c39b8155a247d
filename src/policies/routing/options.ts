import type { z } from 'zod';
import { formatIssues, OmnithreadError } from '../../errors.js';

/** Validates a policy's options; throws `INVALID_ARGUMENT` naming each bad option. */
export function parseOptions<S extends z.ZodType>(policy: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
  throw new OmnithreadError('INVALID_ARGUMENT', `${policy}: invalid options: ${formatIssues(issues)}`, { issues });
}
