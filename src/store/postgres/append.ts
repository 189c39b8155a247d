/**
 * One `appendToStream` against PostgreSQL, with the rules every store shares (src/store/append-plan.ts):
 * ids and content compared in JavaScript exactly as the other stores compare them, the expected
 * version checked only when something new is written.
 *
 * The usual append carries only new events, so it is tried first as if nothing of the batch were
 * stored: one round trip, and the unique index on (stream, event id) proves the assumption (a
 * re-used id fails the statement, which writes nothing). Any surprise — a stored id, or a version
 * that does not match (the batch may be a retry that needs no check) — falls back to the exact
 * path: load the stored events with the batch's ids, plan again, append again.
 */
import { checkExpectedVersion, type AppendPlan, planAppend, type StreamView } from '../append-plan.js';
import type { AppendToStreamResult, ExpectedStreamVersion, StorableEvent, StoredEvent } from '../types.js';
import { sqlState, type PgPool } from './pg-like.js';
import type { Statements } from './statements.js';
import { encodeTextKey } from './text-key.js';

const NOTHING_STORED: StreamView = { positionOf: () => undefined, load: async () => undefined };

/** A concurrent append can store one of our ids between our read and our write: plan again (rarely more than once). */
const MAX_ATTEMPTS = 8;

interface AppendRow {
  readonly o_ok: boolean;
  readonly o_version: number;
  readonly o_head: number;
}

interface ExistingRow {
  readonly version: number;
  readonly last_position: number;
  readonly event_id: string | null;
  readonly global_position: number | null;
  readonly data: unknown;
}

/** What the database knows about the stream and the batch's ids. */
interface StreamState {
  readonly version: number;
  readonly lastPosition: number;
  readonly view: StreamView;
}

/** The expectation as `append_events` takes it: NULL any, -1 the stream must exist, n exactly n. */
function expectedParam(expected: ExpectedStreamVersion): number | null {
  if (expected === 'any') return null;
  if (expected === 'no_stream') return 0;
  if (expected === 'stream_exists') return -1;
  return expected;
}

function isIdConflict(error: unknown): boolean {
  return sqlState(error) === '23505' && (error as { constraint?: string }).constraint === 'events_stream_event_id_key';
}

async function loadState(pool: PgPool, sql: Statements, stream: string, events: readonly StorableEvent[]): Promise<StreamState> {
  const ids = [...new Set(events.map((e) => encodeTextKey(e.id)))];
  const { rows } = await pool.query<ExistingRow>(sql.existing([stream, ids]));
  const first = rows[0];
  const byId = new Map<string, number>();
  const byPosition = new Map<number, unknown>();
  for (const row of rows) {
    if (row.event_id === null || row.global_position === null) continue;
    byId.set(row.event_id, row.global_position);
    byPosition.set(row.global_position, row.data);
  }
  return {
    version: first?.version ?? 0,
    lastPosition: first?.last_position ?? 0,
    view: { positionOf: (id) => byId.get(encodeTextKey(id)), load: async (position) => byPosition.get(position) },
  };
}

/**
 * Appends `events` to `streamName`; see `EventStore.appendToStream` for the contract.
 * `owned`: the caller handed its objects over (they are returned as the stored events, not copied).
 *
 * @example
 * ```ts
 * import { storeNames } from './names.js';
 * import { statements } from './statements.js';
 * const sql = statements(storeNames('helpdesk'));
 * const result = await appendToPostgres(pool, sql, 'acme', events, 'any', false);
 * ```
 */
export async function appendToPostgres<E extends StorableEvent>(
  pool: PgPool,
  sql: Statements,
  streamName: string,
  events: readonly E[],
  expected: ExpectedStreamVersion,
  owned: boolean,
): Promise<AppendToStreamResult<E>> {
  const stream = encodeTextKey(streamName);
  // Validates every event and finds duplicates inside the batch before anything is sent.
  let plan: AppendPlan = await planAppend(events, NOTHING_STORED, true);
  let exact = plan.fresh.length === 0;
  for (let attempt = 1; ; attempt++) {
    if (exact) {
      const state = await loadState(pool, sql, stream, events);
      plan = await planAppend(events, state.view, true);
      if (plan.fresh.length === 0) {
        return { nextExpectedStreamVersion: state.version, lastPosition: state.lastPosition, createdNewStream: false, appended: [], duplicates: plan.duplicates };
      }
    }
    let row: AppendRow | undefined;
    try {
      const ids = plan.fresh.map((f) => encodeTextKey(f.id));
      const json = `[${plan.fresh.map((f) => f.json).join(',')}]`;
      ({ rows: [row] } = await pool.query<AppendRow>(sql.append([stream, expectedParam(expected), ids, json])));
    } catch (error) {
      if (!isIdConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      exact = true;
      continue;
    }
    if (!row) throw new Error('append_events returned no row');
    if (!row.o_ok) {
      if (!exact) {
        exact = true;
        continue;
      }
      checkExpectedVersion(streamName, row.o_version, expected);
      throw new Error(`append_events refused version ${row.o_version} that satisfies ${String(expected)}`);
    }
    return appendedResult(streamName, plan, row, owned);
  }
}

function appendedResult<E extends StorableEvent>(streamName: string, plan: AppendPlan, row: AppendRow, owned: boolean): AppendToStreamResult<E> {
  const { o_version: version, o_head: head } = row;
  const appended = plan.fresh.map(
    (fresh, i): StoredEvent<E> => ({
      // What is stored is the JSON; the caller's own objects are kept only when it handed them over.
      event: (owned ? fresh.event : JSON.parse(fresh.json!)) as E,
      streamName,
      streamVersion: version + i + 1,
      globalPosition: head + i + 1,
    }),
  );
  return {
    nextExpectedStreamVersion: version + appended.length,
    lastPosition: head + appended.length,
    createdNewStream: version === 0,
    appended,
    duplicates: plan.duplicates,
  };
}
