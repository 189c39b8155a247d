/**
 * The store-independent rules of an append: argument checks, expected-version checks and the
 * idempotency classification (new / duplicate / conflicting). Both stores share them, so they
 * cannot drift apart; a PostgreSQL store would apply the same rules inside its transaction.
 */
import { OmnithreadError } from '../errors.js';
import type { ExpectedStreamVersion, StorableEvent } from './types.js';

/** An event accepted for writing, with the JSON it will be stored as (unless the caller hands it over). */
export interface FreshEvent {
  readonly id: string;
  /** Undefined for an owned event (see {@link ownedEvents}) going to a store that needs no JSON. */
  readonly json: string | undefined;
  readonly event: unknown;
}

/**
 * Append option of the engine: "these events are plain JSON data that nobody else holds; keep them
 * instead of a copy". A store that would copy them through JSON (the memory store) keeps them as
 * they are — it still freezes them. Registered globally (`Symbol.for`) so two copies of the package
 * agree; stores that do not know it simply copy.
 */
export const ownedEvents: unique symbol = Symbol.for('omnithread.ownedEvents') as never;

export interface AppendPlan {
  readonly fresh: readonly FreshEvent[];
  readonly duplicates: readonly string[];
}

/** What the planner needs to know about the stream as it is now. */
export interface StreamView {
  /** Global position of the stored event with this id, if any. */
  positionOf(id: string): number | undefined;
  /** The stored event at a global position (to compare a re-sent event with). */
  load(position: number): Promise<unknown>;
}

export function invalidArgument(message: string, path: (string | number)[] = []): OmnithreadError {
  return new OmnithreadError('INVALID_ARGUMENT', message, { issues: [{ path, message }] });
}

export function closedError(): OmnithreadError {
  return new OmnithreadError('STORE_CLOSED', 'The event store is closed');
}

export function assertStreamName(streamName: unknown): asserts streamName is string {
  if (typeof streamName !== 'string' || streamName.length === 0) {
    throw invalidArgument('stream name must be a non-empty string', ['streamName']);
  }
}

/** A non-negative (or positive, with `min` 1) safe integer, or undefined. */
export function assertOptionalInt(value: unknown, name: string, min: number): asserts value is number | undefined {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalidArgument(`${name} must be an integer ≥ ${min}, got ${String(value)}`, [name]);
  }
}

function assertExpectedShape(expected: unknown): asserts expected is ExpectedStreamVersion {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw invalidArgument(
    `expectedStreamVersion must be an integer ≥ 0, 'no_stream', 'stream_exists' or 'any', got ${JSON.stringify(expected)}`,
    ['expectedStreamVersion'],
  );
}

/** Throws `VERSION_CONFLICT` unless the stream's current version satisfies the expectation. */
export function checkExpectedVersion(streamName: string, current: number, expected: ExpectedStreamVersion): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === 0) ||
    (expected === 'stream_exists' && current > 0) ||
    expected === current;
  if (ok) return;
  const message = `expected stream "${streamName}" ${describe(expected)}, but it is at version ${current}`;
  throw new OmnithreadError('VERSION_CONFLICT', message, { issues: [{ path: ['expectedStreamVersion'], message }] });
}

function describe(expected: ExpectedStreamVersion): string {
  if (expected === 'no_stream') return 'not to exist';
  if (expected === 'stream_exists') return 'to exist';
  return `at version ${String(expected)}`;
}

/** JSON with object keys sorted, so that two JSON-equal values give the same string. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function idOf(event: unknown, index: number): string {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw invalidArgument(`event at index ${index} must be an object`, [index]);
  }
  const id = (event as StorableEvent).id;
  if (typeof id !== 'string' || id.length === 0) {
    throw invalidArgument(`event at index ${index} needs a non-empty string id`, [index, 'id']);
  }
  return id;
}

function toJson(event: unknown, id: string, index: number): string {
  let json: string;
  try {
    json = JSON.stringify(event);
  } catch (cause) {
    throw new OmnithreadError('INVALID_ARGUMENT', `event at index ${index} (id ${id}) is not JSON-serialisable`, {
      index,
      eventId: id,
      cause,
      issues: [{ path: [index], message: 'not JSON-serialisable' }],
    });
  }
  return json;
}

function duplicateConflict(id: string, index: number, where: string): OmnithreadError {
  const message = `event id ${id} at index ${index} is already ${where} with different content`;
  return new OmnithreadError('DUPLICATE_CONFLICT', message, { index, eventId: id, issues: [{ path: [index, 'id'], message }] });
}

/**
 * Splits a batch into events to write and duplicates to skip. Throws, before anything is written,
 * on an invalid event or on an id that is re-used with different content.
 */
export async function planAppend(events: readonly unknown[], stream: StreamView, needsJson = true): Promise<AppendPlan> {
  if (!Array.isArray(events)) throw invalidArgument('events must be an array', ['events']);
  const fresh: FreshEvent[] = [];
  const duplicates: string[] = [];
  const inBatch = new Map<string, FreshEvent>();
  for (let index = 0; index < events.length; index++) {
    const event: unknown = events[index];
    const id = idOf(event, index);
    const json = needsJson ? toJson(event, id, index) : undefined;
    const position = stream.positionOf(id);
    const earlier = inBatch.get(id);
    if (position === undefined && earlier === undefined) {
      const candidate: FreshEvent = { id, json, event };
      inBatch.set(id, candidate);
      fresh.push(candidate);
      continue;
    }
    const incoming = canonicalJson(JSON.parse(json ?? toJson(event, id, index)));
    const existing = position !== undefined ? await stream.load(position) : JSON.parse(earlier!.json ?? toJson(earlier!.event, id, index));
    if (canonicalJson(existing) !== incoming) {
      throw duplicateConflict(id, index, position !== undefined ? 'stored' : 'earlier in this batch');
    }
    duplicates.push(id);
  }
  return { fresh, duplicates };
}

export function validateExpected(options: { expectedStreamVersion?: unknown } | undefined): ExpectedStreamVersion {
  const expected = options?.expectedStreamVersion ?? 'any';
  assertExpectedShape(expected);
  return expected;
}
