import type { ErrorObject } from 'ajv/dist/2020.js';

/** One refused field, as Discord words it: where, a stable code, and the sentence. */
export interface FieldError {
  /** Keys from the body root (`['embeds', '0', 'description']`); empty for the body itself. */
  readonly path: readonly string[];
  readonly code: string;
  readonly message: string;
}

/** Discord's `errors` object: nested by field path, each leaf `{ _errors: [{ code, message }] }`. */
export type FormErrorTree = { [key: string]: FormErrorTree | { code: string; message: string }[] };

/** Discord's answer to an invalid body: HTTP 400, code 50035 "Invalid Form Body". */
export const INVALID_FORM_BODY = { status: 400, code: 50035, message: 'Invalid Form Body' } as const;

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
const TYPE_ERRORS: Readonly<Record<string, { code: string; message: (v: unknown) => string }>> = {
  string: { code: 'STRING_TYPE_CONVERT', message: (v) => `Could not interpret "${show(v)}" as string.` },
  integer: { code: 'NUMBER_TYPE_COERCE', message: (v) => `Value "${show(v)}" is not int.` },
  number: { code: 'NUMBER_TYPE_COERCE', message: (v) => `Value "${show(v)}" is not a valid number.` },
  boolean: { code: 'BOOLEAN_TYPE_CONVERT', message: () => 'Must be either true or false.' },
  object: { code: 'MODEL_TYPE_CONVERT', message: () => 'Only dictionaries may be used in a ModelType' },
  array: { code: 'LIST_TYPE_CONVERT', message: () => 'Only iterables may be used in a ListType' },
};

/**
 * One ajv error in Discord's words. The codes and sentences are the ones Discord returns
 * (e.g. BASE_TYPE_MAX_LENGTH "Must be 4096 or fewer in length.", BASE_TYPE_REQUIRED, UNION_TYPE_CHOICES,
 * NUMBER_TYPE_COERCE 'Value "x" is not snowflake.'), as seen in Discord's 50035 answers quoted by
 * hooklistener.com/guides/discord-webhook-debugging and discord.js bug reports (checked 2026-12-01);
 * the rarer ones are our best reading, not a documented contract (Discord documents none).
 */
function describe(error: ErrorObject): { code: string; message: string } {
  const p = error.params as Record<string, unknown>;
  const limit = p['limit'];
  switch (error.keyword) {
    case 'required':
      return { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
    case 'maxLength':
    case 'maxItems':
    case 'maxProperties':
      return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${String(limit)} or fewer in length.` };
    case 'minLength':
    case 'minItems':
      return { code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${String(limit)} or more in length.` };
    case 'maximum':
      return { code: 'NUMBER_TYPE_MAX', message: `int value should be less than or equal to ${String(limit)}.` };
    case 'minimum':
      return { code: 'NUMBER_TYPE_MIN', message: `int value should be greater than or equal to ${String(limit)}.` };
    case 'enum':
    case 'const': {
      const allowed = (p['allowedValues'] as unknown[] | undefined) ?? [p['allowedValue']];
      return { code: 'BASE_TYPE_CHOICES', message: `Value must be one of (${allowed.map(show).join(', ')}).` };
    }
    case 'discordUnion':
      return { code: 'UNION_TYPE_CHOICES', message: `Value of field "type" must be one of (${(p['allowed'] as unknown[]).map(show).join(', ')}).` };
    case 'type': {
      const expected = String(p['type']).split(',').find((t) => t !== 'null') ?? 'object';
      const known = TYPE_ERRORS[expected] ?? TYPE_ERRORS['object']!;
      return { code: known.code, message: known.message(error.data) };
    }
    case 'pattern':
      return String(p['pattern']).startsWith('^(0|[1-9]')
        ? { code: 'NUMBER_TYPE_COERCE', message: `Value "${show(error.data)}" is not snowflake.` }
        : { code: 'STRING_TYPE_REGEX', message: `String value did not match validation regex.` };
    case 'format':
      if (p['format'] === 'uri') return { code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' };
      if (p['format'] === 'date-time') return { code: 'DATE_TYPE_PARSE', message: `Could not parse ${show(error.data)}. Should be ISO8601.` };
      return { code: 'NUMBER_TYPE_COERCE', message: `Value "${show(error.data)}" is not ${String(p['format'])}.` };
    case 'uniqueItems':
      return { code: 'LIST_ITEM_VALUE_DUPLICATE', message: 'Values must be unique.' };
    default:
      return { code: 'BASE_TYPE_INVALID', message: error.message ?? 'Invalid value.' };
  }
}

const pathOf = (pointer: string): string[] => (pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')));
const STRUCTURAL = new Set(['if', 'then', 'else', 'oneOf', 'anyOf', 'allOf', 'not']);

/**
 * ajv's errors as Discord reports them, one list per field: union bookkeeping (`if`, `oneOf`)
 * dropped, a type complaint dropped where another branch of a union says something more
 * precise about the same field, duplicates merged.
 */
export function fieldErrors(errors: readonly ErrorObject[]): FieldError[] {
  const byPath = new Map<string, { path: string[]; items: ErrorObject[] }>();
  const leftovers: ErrorObject[] = [];
  for (const error of errors) {
    if (STRUCTURAL.has(error.keyword)) {
      leftovers.push(error);
      continue;
    }
    const path = pathOf(error.instancePath);
    if (error.keyword === 'required') path.push(String((error.params as { missingProperty?: string }).missingProperty));
    const key = path.join('\u0000');
    const group = byPath.get(key) ?? { path, items: [] };
    group.items.push(error);
    byPath.set(key, group);
  }
  const out: FieldError[] = [];
  for (const { path, items } of byPath.values()) {
    const precise = items.some((e) => e.keyword !== 'type') ? items.filter((e) => e.keyword !== 'type') : items.slice(0, 1);
    const seen = new Set<string>();
    for (const error of precise) {
      const described = describe(error);
      if (seen.has(described.message)) continue;
      seen.add(described.message);
      out.push({ path, ...described });
    }
  }
  // A union no branch of which was told apart: say so where nothing more precise was said.
  for (const error of leftovers) {
    if (error.keyword === 'if' || out.some((e) => e.path.join('/').startsWith(pathOf(error.instancePath).join('/')))) continue;
    out.push({ path: pathOf(error.instancePath), code: 'BASE_TYPE_INVALID', message: 'Value does not match any allowed shape.' });
  }
  return out;
}

/** Nests field errors the way Discord does: `{ embeds: { 0: { title: { _errors: [...] } } } }`. */
export function formErrorTree(errors: readonly FieldError[]): FormErrorTree {
  const root: FormErrorTree = {};
  for (const error of errors) {
    let node = root;
    for (const key of error.path) node = (node[key] ??= {}) as FormErrorTree;
    const list = (node['_errors'] ??= []) as { code: string; message: string }[];
    list.push({ code: error.code, message: error.message });
  }
  return root;
}
