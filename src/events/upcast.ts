import { FORBIDDEN_KEYS } from './primitives.js';
import { CURRENT_SCHEMA_VERSION } from './schemas.js';

type Raw = Record<string, unknown>;

/** Lifts a raw event of version N to version N + 1. Works on plain JSON, before validation. */
export type Upcaster = (raw: Raw) => Raw;

/** A v1 identity was a bare string: an email address, or anything else taken as a phone number. */
function v1Identity(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.includes('@') ? { kind: 'email', value } : { kind: 'phone', value };
}

/**
 * v1 → v2: messages carried `body`/`subject` at the top level and the customer as a bare string
 * (`from: "alice@example.com"`). v2 groups them under `content` and makes identities typed objects.
 */
export function upcastV1toV2(raw: Raw): Raw {
  const out: Raw = { ...raw, schemaVersion: 2 };
  if (raw.type === 'message.received' || raw.type === 'message.sent') {
    const { body, subject, ...rest } = out;
    const next: Raw = { ...rest };
    if (body !== undefined || subject !== undefined) {
      const previous = typeof rest.content === 'object' && rest.content !== null ? (rest.content as Raw) : {};
      next.content = {
        ...previous,
        ...(body === undefined ? {} : { text: body }),
        ...(subject === undefined ? {} : { subject }),
      };
    }
    if (raw.type === 'message.received') next.from = v1Identity(raw.from);
    else next.to = v1Identity(raw.to);
    return next;
  }
  return out;
}

/** upcasters[v] lifts version v to v + 1. */
const upcasters: Record<number, Upcaster> = { 1: upcastV1toV2 };

/** The oldest version that can still be read. */
export const OLDEST_SCHEMA_VERSION = 1;

/**
 * Runs the upcaster chain from the event's version to the current one. Returns the input itself
 * when it is already current, and `undefined` for a version outside the readable range.
 */
export function upcast(raw: Raw): Raw | undefined {
  let version = raw.schemaVersion;
  if (version === CURRENT_SCHEMA_VERSION) return raw;
  if (typeof version !== 'number' || !Number.isInteger(version)) return undefined;
  if (version < OLDEST_SCHEMA_VERSION || version > CURRENT_SCHEMA_VERSION) return undefined;
  let current = raw;
  while (version < CURRENT_SCHEMA_VERSION) {
    const step = upcasters[version];
    if (!step) return undefined;
    current = step(current);
    version += 1;
  }
  return current;
}

/** True when `value` is a plain object (not an array, not a class instance). */
export function isPlainObject(value: unknown): value is Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own keys of `raw` that could reach an object prototype. */
export function forbiddenKeysIn(raw: Raw): string[] {
  return Object.keys(raw).filter((k) => FORBIDDEN_KEYS.has(k));
}
