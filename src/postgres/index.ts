/**
 * `omnithread/postgres`: the PostgreSQL event store and the partition owners that run engines on
 * several processes over it. Needs the `pg` package (node-postgres), an optional peer dependency of
 * omnithread: `npm install pg`.
 *
 * This barrel sits above every layer (like src/index.ts) because the store lives below the engine
 * (src/store/postgres) and the partition owner above it (src/cluster): one entry point for users,
 * one-way layers inside.
 */
export * from '../store/postgres/index.js';
export * from '../cluster/index.js';
