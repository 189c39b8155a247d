/**
 * Form fields of a vendor POST, urlencoded or multipart, with the files of a multipart body.
 */
import { type FormFields, parseForm } from './form.js';
import { bodyBytes, bodyText, header } from './http.js';
import { type MultipartPart, decodeText, multipartBoundary, parseMultipart } from './multipart.js';
import { payloadError } from './errors.js';
import type { WebhookRequest } from '../types.js';

export interface PostedFields {
  /** Text fields, decoded (UTF-8, or the charset `charsetOf` names for a field). */
  readonly fields: FormFields;
  /** File parts, by field name. */
  readonly files: readonly MultipartPart[];
}

/** Reads the fields of a POST body; `charsetOf` decides a multipart text field's charset. */
export function postedFields(vendor: string, request: WebhookRequest, charsetOf?: (name: string, raw: ReadonlyMap<string, MultipartPart>) => string | undefined): PostedFields {
  const boundary = multipartBoundary(header(request, 'content-type'));
  if (boundary === undefined) return { fields: parseForm(bodyText(request)), files: [] };
  let parts: MultipartPart[];
  try {
    parts = parseMultipart(bodyBytes(request), boundary);
  } catch (e) {
    throw payloadError(vendor, [{ path: [], message: `not a multipart body: ${(e as Error).message}` }]);
  }
  const byName = new Map(parts.filter((p) => p.filename === undefined).map((p) => [p.name, p] as const));
  const fields = new Map<string, string[]>();
  for (const p of parts) {
    if (p.filename !== undefined) continue;
    const value = decodeText(p.data, charsetOf?.(p.name, byName));
    const list = fields.get(p.name);
    if (list) list.push(value);
    else fields.set(p.name, [value]);
  }
  return { fields, files: parts.filter((p) => p.filename !== undefined) };
}
