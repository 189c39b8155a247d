/** Several engine processes over one PostgreSQL store: partition owners (see docs/scaling.md), and engine snapshots kept in PostgreSQL. */
export { createPartitionOwner, type PartitionOwner, type PartitionOwnerOptions, type PartitionSnapshotReport } from './partition-owner.js';
export { loadSnapshot, saveSnapshot, SNAPSHOT_ROW_FORMAT, type SavedSnapshot, type SnapshotPlace } from './snapshots.js';
