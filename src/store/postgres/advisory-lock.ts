/**
 * PostgreSQL advisory locks, named by strings. A session lock belongs to one connection: it is held
 * until released or until the connection ends — which is what makes it a lock a crashed process
 * cannot keep. The migrations use one; partition owners (docs/scaling.md) are meant to use another.
 */
import { createHash } from 'node:crypto';
import type { PgPool, PgPoolClient } from './pg-like.js';

/** The two 32-bit keys of `pg_advisory_lock(int, int)`. */
export type AdvisoryLockKey = readonly [number, number];

/**
 * A stable key for a lock name: SHA-256 of `namespace` and `name`, cut to two signed 32-bit
 * integers. Different names collide with probability ~2^-64.
 *
 * @example
 * ```ts
 * import { advisoryLockKey } from 'omnithread/postgres';
 * const key = advisoryLockKey('omnithread.partition', 'orders-7');
 * ```
 */
export function advisoryLockKey(namespace: string, name: string): AdvisoryLockKey {
  const digest = createHash('sha256').update(namespace).update('\u0000').update(name).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

/**
 * A held session lock.
 *
 * @example
 * ```ts
 * import { advisoryLockKey, tryAdvisoryLock } from 'omnithread/postgres';
 * const lock = await tryAdvisoryLock(pool, advisoryLockKey('omnithread.partition', 'p-3'));
 * if (lock) try { console.log('this process owns p-3'); } finally { await lock.release(); }
 * ```
 */
export interface AdvisoryLock {
  readonly key: AdvisoryLockKey;
  /** Resolves when the lock is lost because its connection ended (the lock is then free for others). */
  readonly lost: Promise<void>;
  /** Unlocks and returns the connection to the pool. Idempotent. */
  release(): Promise<void>;
}

/**
 * Takes a session-level advisory lock on a connection of its own, or returns `undefined` at once if
 * another session holds it. The lock lives as long as that connection: a crash (or a killed
 * connection) frees it for the next taker.
 *
 * @example
 * ```ts
 * import { advisoryLockKey, tryAdvisoryLock } from 'omnithread/postgres';
 * const lock = await tryAdvisoryLock(pool, advisoryLockKey('omnithread.partition', 'p-3'));
 * if (!lock) console.log('another process owns p-3');
 * ```
 */
export async function tryAdvisoryLock(pool: PgPool, key: AdvisoryLockKey): Promise<AdvisoryLock | undefined> {
  const client = await pool.connect();
  let taken: boolean;
  try {
    const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS taken', [key[0], key[1]]);
    taken = rows[0]?.taken === true;
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  if (!taken) {
    client.release();
    return undefined;
  }
  return holdLock(client, key);
}

function holdLock(client: PgPoolClient, key: AdvisoryLockKey): AdvisoryLock {
  let released = false;
  let markLost: () => void = () => {};
  const lost = new Promise<void>((resolve) => (markLost = resolve));
  const onGone = (error?: Error): void => {
    if (released) return;
    released = true;
    // Give the dead connection back as broken, so the pool drops it (and can end).
    client.release(error ?? new Error('the connection holding the advisory lock ended'));
    markLost();
  };
  const onEnd = (): void => onGone();
  client.on('error', onGone);
  client.on('end', onEnd);
  return {
    key,
    lost,
    async release() {
      if (released) return;
      released = true;
      client.removeListener('error', onGone);
      client.removeListener('end', onEnd);
      try {
        await client.query('SELECT pg_advisory_unlock($1, $2)', [key[0], key[1]]);
        client.release();
      } catch (error) {
        // The connection is broken: dropping it frees the lock too.
        client.release(error as Error);
      }
    },
  };
}
