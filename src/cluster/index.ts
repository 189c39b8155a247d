/** Several engine processes over one PostgreSQL store: partition owners (see docs/scaling.md). */
export { createPartitionOwner, type PartitionOwner, type PartitionOwnerOptions } from './partition-owner.js';
