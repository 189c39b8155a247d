import { z } from 'zod';
import { type EventType, eventSchema, eventSchemas } from './schemas.js';

/**
 * The JSON Schema (draft 2020-12) of the events a producer may send, for validation in any
 * language. The package also ships it as `omnithread/schema.json`.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { eventJsonSchema } from 'omnithread';
 * const schema = eventJsonSchema();
 * writeFileSync('omnithread.schema.json', JSON.stringify(schema, null, 2));
 * ```
 */
export function eventJsonSchema(type?: EventType): Record<string, unknown> {
  const target = type === undefined ? eventSchema : eventSchemas[type];
  const schema = z.toJSONSchema(target, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: type === undefined ? 'https://omnithread.dev/schema/event.json' : `https://omnithread.dev/schema/${type}.json`,
    title: type === undefined ? 'omnithread event' : `omnithread ${type} event`,
  };
}
