export type {
  AppendToStreamOptions,
  AppendToStreamResult,
  EventStore,
  ExpectedStreamVersion,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  StorableEvent,
  StoredEvent,
  SubscribeOptions,
  Unsubscribe,
} from './types.js';
export { createMemoryStore } from './memory.js';
export {
  createFileStore,
  type FileEventStore,
  type FileStoreOptions,
  type FileStoreRecovery,
  type FsyncPolicy,
} from './file.js';
export type { SetAside } from './file-recovery.js';
export type { WriterLockKind } from './file-lock.js';
export { checkLog, repairLog, type DamagedLine, type LogCheck, type RepairReport } from './file-repair.js';
