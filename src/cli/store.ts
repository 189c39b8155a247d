/** Opening the store a command names with `--store`, and watching how far a replay has read. */
import { stat } from 'node:fs/promises';
import type { Engine } from '../engine/engine.js';
import { isOmnithreadError } from '../errors.js';
import { createFileStore } from '../store/file.js';
import { createMemoryStore } from '../store/memory.js';
import type { EventStore, ReadAllOptions, StoredEvent } from '../store/types.js';
import { InputError, type StoreSpec } from './args.js';

export interface OpenedStore {
  readonly store: EventStore;
  /** Bytes of a torn final append the file store cut off while opening (0 when clean). */
  readonly truncatedBytes: number;
}

/**
 * Opens the store. A file store that must already exist (replay, queue) but does not, is locked by
 * another process, or is corrupt, is an {@link InputError}: the command cannot run at all.
 *
 * @example
 * ```ts
 * const { store } = await openStore({ kind: 'file', path: 'events.log' }, { mustExist: true });
 * ```
 */
export async function openStore(spec: StoreSpec, options: { mustExist: boolean }): Promise<OpenedStore> {
  if (spec.kind === 'memory') return { store: createMemoryStore(), truncatedBytes: 0 };
  if (spec.kind === 'postgres') return { store: await openPostgresStore(spec, { migrate: !options.mustExist }), truncatedBytes: 0 };
  if (options.mustExist) {
    const found = await stat(spec.path).catch((error: NodeJS.ErrnoException) => error);
    if (found instanceof Error) throw new InputError(`cannot open store ${spec.path}: ${found.code === 'ENOENT' ? 'no such file' : found.message}`);
    if (!found.isFile()) throw new InputError(`cannot open store ${spec.path}: not a file`);
  }
  try {
    // 'batch': a crash of this process loses nothing acknowledged, and close() syncs the rest.
    const store = await createFileStore({ path: spec.path, fsync: 'batch' });
    return { store, truncatedBytes: store.recovery.truncatedBytes };
  } catch (error) {
    if (isOmnithreadError(error) || (error as NodeJS.ErrnoException)?.code !== undefined) {
      throw new InputError(`cannot open store ${spec.path}: ${(error as Error).message}`, { cause: error });
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
 * const spec = parseStoreSpec(url); if (spec.kind === 'postgres') useIt(spec satisfies PostgresSpec);
 * ```
 */
export type PostgresSpec = Extract<StoreSpec, { kind: 'postgres' }>;

/**
 * The same store, reporting every batch `readAll` yields: the engine's replay reads through it, so
 * a progress bar can follow the replay without the engine knowing.
 *
 * @example
 * ```ts
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
    close: () => store.close(),
  };
}

/**
 * Replays the store into the engine. An identity the engine cannot normalise was accepted with a
 * region the store does not record: say which option brings it back.
 *
 * @example
 * ```ts
 * await replayStore(createEngine({ store, ...parseRegions(values['tenant-region'] ?? []) }));
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
