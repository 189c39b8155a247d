/**
 * Engine snapshots kept in PostgreSQL, in the store's `snapshots` table (migration 1): the lines of
 * `snapshotLines` as UTF-8, cut at line ends into chunks of about a megabyte, one row per chunk,
 * all written in one transaction — so a reader sees a whole snapshot or none. A partition's new
 * owner resumes from its latest one plus the store's tail (docs/scaling.md); any engine on the
 * PostgreSQL store can use them the same way.
 */
import { type EngineSnapshot, readSnapshot, snapshotLines } from '../engine/snapshot.js';
import { OmnithreadError } from '../errors.js';
import { invalidArgument } from '../store/append-plan.js';
import { advisoryLockKey } from '../store/postgres/advisory-lock.js';
import { storeNames } from '../store/postgres/names.js';
import { COLUMN_TYPES, type PgPool, type PgPoolClient, sqlState } from '../store/postgres/pg-like.js';

/** The `format` of rows written here: JSON lines, each ending in `\n`, a chunk never cutting a line. */
export const SNAPSHOT_ROW_FORMAT = 'omnithread.snapshot-lines/1';
/** A chunk is closed once it holds this many bytes (a single longer line makes a longer chunk). */
const CHUNK_BYTES = 1 << 20;

/**
 * Where a snapshot is kept: the store's schema and the snapshot's name (a partition owner uses
 * `partition <p> of <n>`).
 *
 * @example
 * ```ts
 * import type { SnapshotPlace } from 'omnithread/postgres';
 * const where: SnapshotPlace = { schema: 'helpdesk', name: 'engine' };
 * ```
 */
export interface SnapshotPlace {
  /** The store's schema (default `omnithread`). */
  readonly schema?: string;
  readonly name: string;
}

/**
 * What {@link saveSnapshot} did: `saved: false` when a snapshot of that name at the same or a later
 * position is already there (another writer got further: nothing is written) and `replace` was not set.
 *
 * @example
 * ```ts
 * import { type SavedSnapshot, saveSnapshot } from 'omnithread/postgres';
 * const { saved, position, bytes }: SavedSnapshot = await saveSnapshot(pool, { name: 'engine', snapshot: engine.snapshot() });
 * ```
 */
export interface SavedSnapshot {
  readonly saved: boolean;
  readonly position: number;
  readonly chunks: number;
  readonly bytes: number;
}

/**
 * Writes `snapshot` under `name` in one transaction and deletes that name's older snapshots. The
 * lines are made before the first query, so the engine may go on folding while they are written.
 * Writers of one name take turns (a transaction-level advisory lock); a snapshot no newer than the
 * one stored is not written, unless `replace` is set: then it replaces whatever is stored under the
 * name (one that was refused as damaged or folded under other policies). A database error is
 * `STORE_IO`, and nothing is changed.
 *
 * @example
 * ```ts
 * import { saveSnapshot } from 'omnithread/postgres';
 * await saveSnapshot(pool, { schema: 'helpdesk', name: 'engine', snapshot: engine.snapshot() });
 * ```
 */
export async function saveSnapshot(pool: PgPool, place: SnapshotPlace & { readonly snapshot: EngineSnapshot; readonly replace?: boolean }): Promise<SavedSnapshot> {
  const { quoted: s, schema } = storeNames(checkPlace(place).schema);
  const name = checkName(place.name);
  const { position } = checkSnapshotArgument(place.snapshot);
  let chunks: Buffer[];
  try {
    chunks = packLines(snapshotLines(place.snapshot));
  } catch (error) {
    throw new OmnithreadError('SNAPSHOT_INVALID', `the snapshot cannot be written out: ${(error as Error)?.message ?? String(error)}`, {
      issues: [{ path: ['snapshot', 'tenants'], message: 'expected the tenants of engine.snapshot()' }],
      cause: error,
    });
  }
  const bytes = chunks.reduce((sum, c) => sum + c.length, 0);
  return withClient(pool, 'write a snapshot', async (client) => {
    await client.query('BEGIN');
    try {
      const key = advisoryLockKey('omnithread.snapshot', `${schema}\u0000${name}`);
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [key[0], key[1]]);
      const { rows } = await client.query<{ newest: number | null }>({ text: `SELECT max(position) AS newest FROM ${s}.snapshots WHERE name = $1`, values: [name], types: COLUMN_TYPES });
      const newest = rows[0]?.newest ?? null;
      if (newest !== null && newest >= position) {
        if (place.replace !== true) {
          await client.query('ROLLBACK');
          return { saved: false, position, chunks: 0, bytes: 0 };
        }
        await client.query(`DELETE FROM ${s}.snapshots WHERE name = $1 AND position >= $2`, [name, position]);
      }
      for (let i = 0; i < chunks.length; i++) {
        await client.query(`INSERT INTO ${s}.snapshots (name, position, chunk, format, data) VALUES ($1, $2, $3, $4, $5)`, [name, position, i, SNAPSHOT_ROW_FORMAT, chunks[i]]);
      }
      await client.query(`DELETE FROM ${s}.snapshots WHERE name = $1 AND position < $2`, [name, position]);
      await client.query('COMMIT');
      return { saved: true, position, chunks: chunks.length, bytes };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Reads the latest snapshot of `name`, or `undefined` if there is none. Reads chunk by chunk inside
 * one repeatable-read transaction (a snapshot written meanwhile does not mix in), checking every
 * tenant's digest: a damaged or incomplete one is `SNAPSHOT_INVALID`, one of another format
 * `SNAPSHOT_INCOMPATIBLE`, a database error `STORE_IO`. Pass the result to
 * `createEngine({ store, snapshot })`; its `ready()` checks that it belongs to that store.
 *
 * @example
 * ```ts
 * import { createEngine } from 'omnithread';
 * import { createPostgresStore, loadSnapshot } from 'omnithread/postgres';
 * const snapshot = await loadSnapshot(pool, { schema: 'helpdesk', name: 'engine' });
 * const engine = createEngine({ store: await createPostgresStore({ pool, schema: 'helpdesk' }), snapshot });
 * ```
 */
export async function loadSnapshot(pool: PgPool, place: SnapshotPlace): Promise<EngineSnapshot | undefined> {
  const { quoted: s } = storeNames(checkPlace(place).schema);
  const name = checkName(place.name);
  return withClient(pool, 'read a snapshot', async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const { rows } = await client.query<{ position: number; chunks: number; format: string; formats: number }>({
        text: `SELECT position, count(*)::int AS chunks, min(format) AS format, count(DISTINCT format)::int AS formats FROM ${s}.snapshots WHERE name = $1 GROUP BY position ORDER BY position DESC LIMIT 1`,
        values: [name],
        types: COLUMN_TYPES,
      });
      const latest = rows[0];
      if (latest === undefined) return undefined;
      if (latest.formats !== 1 || latest.format !== SNAPSHOT_ROW_FORMAT) {
        throw new OmnithreadError('SNAPSHOT_INCOMPATIBLE', `snapshot ${JSON.stringify(name)} is stored as ${latest.format}; this version reads ${SNAPSHOT_ROW_FORMAT}`, {
          issues: [{ path: ['format'], message: `expected ${SNAPSHOT_ROW_FORMAT}` }],
        });
      }
      const snapshot = await readSnapshot(chunkLines(client, s, name, latest.position, latest.chunks));
      if (snapshot.position !== latest.position) {
        throw new OmnithreadError('SNAPSHOT_INVALID', `snapshot ${JSON.stringify(name)} is stored at position ${latest.position} but says ${snapshot.position}`, {
          issues: [{ path: ['position'], message: `expected ${latest.position}` }],
        });
      }
      return snapshot;
    } finally {
      await client.query('COMMIT').catch(() => undefined);
    }
  });
}

/** Chunks fetched per query: a few megabytes in memory at a time, few round trips. */
const CHUNKS_PER_READ = 8;

/**
 * The lines of one stored snapshot, a few chunks in memory at a time. The server turns each chunk
 * into text (`convert_from`, which also checks it is UTF-8): text crosses the wire as it is, where a
 * bytea would cross as hex twice its size and be decoded again here.
 */
async function* chunkLines(client: PgPoolClient, s: string, name: string, position: number, chunks: number): AsyncGenerator<string> {
  for (let from = 0; from < chunks; from += CHUNKS_PER_READ) {
    let rows: { chunk: number; text: string }[];
    try {
      ({ rows } = await client.query<{ chunk: number; text: string }>({
        text: `SELECT chunk, convert_from(data, 'UTF8') AS text FROM ${s}.snapshots WHERE name = $1 AND position = $2 AND chunk >= $3 ORDER BY chunk LIMIT $4`,
        values: [name, position, from, CHUNKS_PER_READ],
        types: COLUMN_TYPES,
      }));
    } catch (error) {
      // 22021: not UTF-8 (bytes changed in the table); anything else is the database's.
      if (sqlState(error) !== '22021') throw error;
      throw damaged(name, from, `a chunk from ${from} on is not UTF-8`);
    }
    // Rows come in chunk order: a gap, or fewer than the count said, is a chunk missing.
    for (let i = 0, expected = Math.min(CHUNKS_PER_READ, chunks - from); i < expected; i++) {
      const row = rows[i];
      if (row?.chunk !== from + i) throw damaged(name, from + i, `no chunk ${from + i} at position ${position}`);
      if (!row.text.endsWith('\n')) throw damaged(name, row.chunk, `chunk ${row.chunk} does not end a line`);
      const lines = row.text.split('\n');
      lines.pop();
      yield* lines;
    }
  }
}

function damaged(name: string, chunk: number, message: string): OmnithreadError {
  return new OmnithreadError('SNAPSHOT_INVALID', `snapshot ${JSON.stringify(name)}: ${message}`, {
    issues: [{ path: ['chunk', chunk], message: 'expected a chunk of whole lines of UTF-8' }],
  });
}

/** Lines joined into chunks of about CHUNK_BYTES, each line followed by `\n`. */
function packLines(lines: Iterable<string>): Buffer[] {
  const chunks: Buffer[] = [];
  let parts: string[] = [];
  let size = 0;
  for (const line of lines) {
    parts.push(line, '\n');
    size += Buffer.byteLength(line) + 1;
    if (size >= CHUNK_BYTES) {
      chunks.push(Buffer.from(parts.join('')));
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) chunks.push(Buffer.from(parts.join('')));
  return chunks;
}

function checkPlace<P>(place: P): P {
  if (typeof place !== 'object' || place === null) throw invalidArgument('expected { schema?, name }', []);
  return place;
}

/** What saving needs of a snapshot; its contents are checked as they are written out. */
function checkSnapshotArgument(snapshot: unknown): EngineSnapshot {
  const s = snapshot as Partial<EngineSnapshot> | null | undefined;
  if (typeof s !== 'object' || s === null || s.format !== 'omnithread.snapshot' || !Array.isArray(s.tenants)) {
    throw invalidArgument('expected a snapshot from engine.snapshot()', ['snapshot']);
  }
  if (!Number.isSafeInteger(s.position) || (s.position as number) < 0) throw invalidArgument(`a snapshot's position is a store position (an integer ≥ 0), got ${String(s.position)}`, ['snapshot', 'position']);
  return s as EngineSnapshot;
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\u0000')) {
    throw invalidArgument('a snapshot name must be a non-empty string without NUL characters', ['name']);
  }
  return name;
}

async function withClient<T>(pool: PgPool, what: string, run: (client: PgPoolClient) => Promise<T>): Promise<T> {
  let client: PgPoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw storeIo(what, error);
  }
  let broken = false;
  try {
    return await run(client);
  } catch (error) {
    if (error instanceof OmnithreadError) throw error;
    // The connection may be in any state: it is closed rather than given back to the pool.
    broken = true;
    throw storeIo(what, error);
  } finally {
    client.release(broken);
  }
}

function storeIo(what: string, error: unknown): OmnithreadError {
  return new OmnithreadError('STORE_IO', `Cannot ${what} in PostgreSQL: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
