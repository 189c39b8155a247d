/**
 * The file store's single-writer lock: a name the kernel hands to one process at a time and takes
 * back when that process ends, however it ends (close, crash, SIGKILL). Taking it is one system call
 * (bind), so there is no stale lock to take over and no window between "the owner is dead" and
 * "the lock is mine" — which is what broke the 0.1.0 pid file.
 *
 * - Linux: a unix socket in the abstract namespace, `\0omnithread-store:<dev>:<ino>`, named after
 *   the data file's device and inode (so every path, hard link or symlink to one file is one lock).
 * - Windows: a named pipe `\\.\pipe\omnithread-store-<dev>-<ino>` (created first-instance only).
 * - Elsewhere (macOS, the BSDs): the 0.1.0 pid file (`pid-lock.ts`), whose stale-lock takeover is
 *   not atomic; documented as such.
 *
 * The owner answers a connection with one JSON line `{ pid, path }`, which is how a refused opener
 * names it in `STORE_LOCKED`. See docs/stores.md, "One writer".
 */
import { type Server, createConnection, createServer } from 'node:net';
import { OmnithreadError } from '../errors.js';
import { acquirePidLock, livePidLockOwner } from './pid-lock.js';

/**
 * The mechanism a file store's writer lock uses on this platform (docs/stores.md, "One writer").
 *
 * @example
 * ```ts
 * import { createFileStore } from 'omnithread';
 * const store = await createFileStore({ path: 'events.jsonl' });
 * if (store.lock === 'pid-file') console.warn('this platform has only the weaker pid-file lock: run one writer');
 * ```
 */
export type WriterLockKind = 'abstract-socket' | 'named-pipe' | 'pid-file';

/** A held writer lock. */
export interface WriterLock {
  readonly kind: WriterLockKind;
  /** Gives the lock back. Idempotent. */
  release(): Promise<void>;
}

/** The file's identity: what the lock is named after. */
export interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
}

/** The lock mechanism of this platform. */
export function writerLockKind(platform: NodeJS.Platform = process.platform): WriterLockKind {
  if (platform === 'linux') return 'abstract-socket';
  if (platform === 'win32') return 'named-pipe';
  return 'pid-file';
}

function endpointName(kind: WriterLockKind, file: FileIdentity): string {
  return kind === 'named-pipe' ? `\\\\.\\pipe\\omnithread-store-${file.dev}-${file.ino}` : `\0omnithread-store:${file.dev}:${file.ino}`;
}

function lockedError(path: string, owner: number | undefined, detail = ''): OmnithreadError {
  const who = owner === undefined ? 'another process' : owner === process.pid ? `this process (${owner}): the store is already open here` : `process ${owner}`;
  return new OmnithreadError('STORE_LOCKED', `${path}: open for writing by ${who}${detail}; one writer at a time. Readers can open it with readOnly: true.`);
}

/** Asks the owner of the endpoint who it is; undefined when it does not answer in time. */
async function askOwner(name: string, timeoutMs = 300): Promise<number | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const socket = createConnection({ path: name });
    const done = (pid: number | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(pid);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (!text.includes('\n')) return;
      try {
        const pid = (JSON.parse(text.slice(0, text.indexOf('\n'))) as { pid?: unknown }).pid;
        done(typeof pid === 'number' ? pid : undefined);
      } catch {
        done(undefined);
      }
    });
    socket.on('error', () => done(undefined));
    socket.on('end', () => done(undefined));
  });
}

function listen(server: Server, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // exclusive: in a cluster worker, bind here rather than sharing the primary's handle.
    server.listen({ path: name, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Takes the writer lock of the data file at `path` (identified by `file`).
 * Throws `STORE_LOCKED` when another process (or this one) holds it.
 */
export async function acquireWriterLock(path: string, file: FileIdentity, kind: WriterLockKind = writerLockKind()): Promise<WriterLock> {
  if (kind === 'pid-file') {
    const release = await acquirePidLock(`${path}.lock`);
    return { kind, release: once(release) };
  }
  const name = endpointName(kind, file);
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.end(`${JSON.stringify({ pid: process.pid, path })}\n`);
  });
  try {
    await listen(server, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw lockedError(path, await askOwner(name));
    throw error;
  }
  server.unref(); // the lock never keeps the process alive
  server.on('error', () => undefined);
  const release = once(() => new Promise<void>((resolve) => server.close(() => resolve())));
  // A writer of 0.1.0 still running on this file knows only its pid file: respect it.
  const legacy = await livePidLockOwner(`${path}.lock`);
  if (legacy !== undefined) {
    await release();
    throw lockedError(path, legacy, ` (its ${path}.lock pid file, as omnithread 0.1.0 writes; if that process is not omnithread, delete the file)`);
  }
  return { kind, release };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
