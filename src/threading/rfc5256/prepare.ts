/** Validation and the per-message values both THREAD algorithms sort by. */
import { OmnithreadError } from '../../errors.js';
import type { ThreadableMessage } from './types.js';

/** A message with its resolved position and Dovecot's sort date. */
export interface PreparedMessage<M extends ThreadableMessage> {
  readonly message: M;
  readonly position: number;
  /** Seconds, as Dovecot compares: the sent date modulo 2^32, or the arrival date when that is 0. */
  readonly sortDate: number;
}

/** Dovecot keeps dates as unsigned 32-bit seconds; a sent date of 0 means "none". */
function toSeconds(ms: number | null | undefined): number {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return 0;
  return Math.floor(ms / 1000) >>> 0;
}

/** Resolves positions (default index + 1), checks them, and returns the messages in position order. */
export function prepareMessages<M extends ThreadableMessage>(messages: readonly M[]): PreparedMessage<M>[] {
  const seen = new Set<number>();
  const prepared = messages.map((message, index) => {
    const position = message.position ?? index + 1;
    if (!Number.isSafeInteger(position) || position < 1 || seen.has(position)) {
      throw new OmnithreadError('INVALID_ARGUMENT', `message ${index} has an invalid or repeated position ${String(position)}`, {
        index,
        issues: [{ path: [index, 'position'], message: 'positions must be unique integers ≥ 1' }],
      });
    }
    seen.add(position);
    const sent = toSeconds(message.date);
    return { message, position, sortDate: sent !== 0 ? sent : toSeconds(message.arrivalDate) };
  });
  return prepared.sort((a, b) => a.position - b.position);
}

/** Date first, then position: the sibling order of both algorithms. */
export function compareByDate(a: { sortDate: number; position: number }, b: { sortDate: number; position: number }): number {
  return a.sortDate - b.sortDate || a.position - b.position;
}
