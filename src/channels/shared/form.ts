/** Form fields by name, each with every value it came with (Web-standard `URLSearchParams` parsing). */
export type FormFields = ReadonlyMap<string, readonly string[]>;

/** Parses an `application/x-www-form-urlencoded` body. */
export function parseForm(body: string): FormFields {
  const out = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(body)) {
    const list = out.get(k);
    if (list) list.push(v);
    else out.set(k, [v]);
  }
  return out;
}

/** The first value of a field, or undefined; an empty string counts as absent. */
export function field(form: FormFields, name: string): string | undefined {
  const v = form.get(name)?.[0];
  return v === undefined || v === '' ? undefined : v;
}

/** The form as the plain object vendor SDKs sign: one value stays a string, several an array. */
export function formObject(form: FormFields): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of form) out[k] = v.length === 1 ? v[0]! : [...v];
  return out;
}
