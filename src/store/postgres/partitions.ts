/**
 * Tenants grouped into partitions: each partition has one owner process at a time (see
 * `createPartitionOwner` and docs/scaling.md). The mapping is a pure function of the tenant id and
 * the partition count, so every process — appenders, owners, followers — agrees on it without
 * talking to anyone.
 */
import { createHash } from 'node:crypto';
import { invalidArgument } from '../append-plan.js';

/**
 * The partition of a tenant: the first 4 bytes of SHA-256 of the tenant id (UTF-8), read as an
 * unsigned 32-bit big-endian integer, modulo `partitions`. Pure and stable across processes, Node
 * versions and machines. Changing `partitions` moves most tenants: pick it once, larger than the
 * number of owner processes you expect (8–64).
 *
 * @example
 * ```ts
 * import { partitionOf } from 'omnithread/postgres';
 * const p = partitionOf('acme', 8); // an integer in 0..7, the same in every process
 * ```
 */
export function partitionOf(tenantId: string, partitions: number): number {
  if (!Number.isSafeInteger(partitions) || partitions < 1) throw invalidArgument(`partitions must be a positive integer, got ${String(partitions)}`, ['partitions']);
  return createHash('sha256').update(tenantId, 'utf8').digest().readUInt32BE(0) % partitions;
}
