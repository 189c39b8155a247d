import { type ErrorIssue, OmnithreadError, formatIssues } from '../../errors.js';

/** The `INVALID_PAYLOAD` error of a vendor body an adapter cannot read. */
export function payloadError(vendor: string, issues: ErrorIssue[]): OmnithreadError {
  return new OmnithreadError('INVALID_PAYLOAD', `Invalid ${vendor} payload: ${formatIssues(issues)}`, { issues });
}

/** Issues of a zod error, with an optional path prefix. */
export function zodIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, prefix: readonly (string | number)[] = []): ErrorIssue[] {
  return error.issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message }));
}

/** Parses JSON or throws the vendor's `INVALID_PAYLOAD`. */
export function parseJson(vendor: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw payloadError(vendor, [{ path: [], message: `not JSON: ${(e as Error).message}` }]);
  }
}
