/** Opening the store a command names with `--store`, and watching how far a replay has read. */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { isOmnithreadError } from '../errors.js';
import { createFileStore } from '../store/file.js';
import { createMemoryStore } from '../store/memory.js';
import type { EventStore, ReadAllOptions, StoredEvent } from '../store/types.js';
import { InputError, type StoreSpec } from './args.js';

export interface OpenedStore {
  readonly store: EventStore;
  /** Bytes of a torn final append the file store set aside while opening (0 when clean, always 0 read-only). */
  readonly truncatedBytes: number;
  /** Where a writer put a torn final append (`${path}.torn-<n>`), if it found one. */
  readonly setAsidePath: string | null;
  /** For a read-only open: bytes after the last complete append it did not read. */
  readonly pendingBytes: number;
}

/** `STORE_CORRUPT: line 3 (byte 512): …`: the code first, the path (said by the caller) not twice. */
export function describeStoreError(error: unknown, path: string): string {
  if (!isOmnithreadError(error)) return (error as Error)?.message ?? String(error);
  const message = error.message.startsWith(`${resolve(path)}: `) ? error.message.slice(resolve(path).length + 2) : error.message;
  const hint =
    error.code === 'STORE_CORRUPT' ? ` (see "omnithread store check --store file:${path}"; "store repair" salvages into a new file)` : error.code === 'STORE_LOCKED' ? ' (read-only commands work meanwhile: replay, queue, store check)' : '';
  return `${error.code}: ${message}${hint}`;
}

/**
 * Opens the store. A file store that must already exist (replay, queue) but does not, is locked by
 * another writer, is corrupt or cannot be used is an {@link InputError} (exit 2) whose message starts
 * with the error code. `readOnly` opens without the writer's lock and changes nothing.
 *
 * @example
 * ```ts
 * const { store } = await openStore({ kind: 'file', path: 'events.log' }, { mustExist: true, readOnly: true });
 * ```
 */
export async function openStore(spec: StoreSpec, options: { mustExist: boolean; readOnly?: boolean }): Promise<OpenedStore> {
  if (spec.kind === 'memory') return { store: createMemoryStore(), truncatedBytes: 0, setAsidePath: null, pendingBytes: 0 };
  if (spec.kind === 'postgres') return { store: await openPostgresStore(spec, { migrate: !options.mustExist }), truncatedBytes: 0, setAsidePath: null, pendingBytes: 0 };
  if (options.mustExist) {
    const found = await stat(spec.path).catch((error: NodeJS.ErrnoException) => error);
    if (found instanceof Error) throw new InputError(`cannot open store ${spec.path}: ${found.code === 'ENOENT' ? 'no such file' : found.message}`);
    if (!found.isFile()) throw new InputError(`cannot open store ${spec.path}: not a file`);
  }
  try {
    // 'batch': a crash of this process loses nothing acknowledged, and close() syncs the rest.
    const store = await createFileStore({ path: spec.path, fsync: 'batch', readOnly: options.readOnly ?? false });
    const { truncatedBytes, setAside, pendingBytes } = store.recovery;
    return { store, truncatedBytes, setAsidePath: setAside?.path ?? null, pendingBytes };
  } catch (error) {
    if (isOmnithreadError(error) || (error as NodeJS.ErrnoException)?.code !== undefined) {
      throw new InputError(`cannot open store ${spec.path}: ${describeStoreError(error, spec.path)}`, { cause: error });
    }
    throw error;
  }
}

/**
 * The PostgreSQL module, loaded only when a command names a postgres:// store: `pg` is an optional
 * dependency, and every other store works without it.
 *
 * @example
 * ```ts
 * const { migrate } = await loadPostgres();
 * ```
 */
export async function loadPostgres(): Promise<typeof import('../store/postgres/index.js')> {
  try {
    return await import('../store/postgres/index.js');
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'ERR_MODULE_NOT_FOUND' && /'pg'|"pg"|\bpg\b/.test((error as Error).message)) {
      throw new InputError('--store postgres://… needs the "pg" package (node-postgres): npm install pg', { cause: error });
    }
    throw error;
  }
}

/**
 * Opens a PostgreSQL store. `migrate`: apply missing migrations (a command that writes); without it
 * a schema that is missing or not migrated is an {@link InputError}, like a missing file.
 *
 * @example
 * ```ts
 * import { parseStoreSpec } from './args.js';
 * const store = await openPostgresStore(parseStoreSpec('postgres://postgres@127.0.0.1/test') as PostgresSpec, { migrate: true });
 * ```
 */
export async function openPostgresStore(spec: PostgresSpec, options: { migrate: boolean }): Promise<EventStore> {
  const { createPostgresStore } = await loadPostgres();
  try {
    return await createPostgresStore({ connectionString: spec.connectionString, schema: spec.schema, migrate: options.migrate, maxConnections: 4 });
  } catch (error) {
    throw new InputError(`cannot open store ${spec.display}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
}

/**
 * A `postgres://` store spec.
 *
 * @example
 * ```ts
 * import { parseStoreSpec } from './args.js';
 * const spec = parseStoreSpec(process.env.DATABASE_URL);
 * if (spec.kind === 'postgres') console.log((spec satisfies PostgresSpec).schema);
 * ```
 */
export type PostgresSpec = Extract<StoreSpec, { kind: 'postgres' }>;

/**
 * The same store, reporting every batch `readAll` yields: the engine's replay reads through it, so
 * a progress bar can follow the replay without the engine knowing.
 *
 * @example
 * ```ts
 * import { createEngine } from 'omnithread';
 * import { createProgressBar } from './format.js';
 * const bar = createProgressBar({ write: (s) => process.stderr.write(s), now: Date.now, label: 'replay', total: 1_000 });
 * const watched = watchReads(store, (position) => bar.update(position));
 * const engine = createEngine({ store: watched });
 * await engine.ready();
 * ```
 */
export function watchReads(store: EventStore, onBatch: (lastPosition: number) => void): EventStore {
  return {
    appendToStream: (name, events, options) => store.appendToStream(name, events, options),
    readStream: (name, options) => store.readStream(name, options),
    async *readAll(options?: ReadAllOptions): AsyncIterable<readonly StoredEvent[]> {
      for await (const batch of store.readAll(options)) {
        const last = batch[batch.length - 1];
        if (last) onBatch(last.globalPosition);
        yield batch;
      }
    },
    subscribe: (options) => store.subscribe(options),
    streams: () => store.streams(),
    lastPosition: () => store.lastPosition(),
    // The engine binds its snapshots to the store it reads: pass the identity through.
    ...(store.storeId ? { storeId: () => store.storeId!() } : {}),
    close: () => store.close(),
  };
}

/**
 * Replays the store into the engine. An identity the engine cannot normalise was accepted with a
 * region the store does not record: say which option brings it back.
 *
 * @example
 * ```ts
 * import { createEngine } from 'omnithread';
 * import { parseRegions } from './args.js';
 * await replayStore(createEngine({ store, ...parseRegions(['KR', 'us-shop=US']) }));
 * ```
 */
export async function replayStore(engine: Engine): Promise<void> {
  try {
    await engine.ready();
  } catch (error) {
    if (!isOmnithreadError(error, 'INVALID_IDENTITY')) throw error;
    throw new Error(`${error.message}\nThe log holds national phone numbers (written outside the engine, which stores E.164): pass --tenant-region.`, { cause: error });
  }
}
