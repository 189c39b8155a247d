export * from './primitives.js';
export * from './message.js';
export * from './message-updates.js';
export * from './schemas.js';
export { upcast, upcastV1toV2, OLDEST_SCHEMA_VERSION, type Upcaster } from './upcast.js';
export { DEFAULT_LIMITS, type IngestLimits } from './limits.js';
export { parseEvent, safeParseEvent, type ParseOptions, type ParseResult } from './parse.js';
export { eventJsonSchema } from './json-schema.js';
