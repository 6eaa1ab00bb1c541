import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { fieldErrors, type FieldError } from './form-errors.js';
import { discordOpenApi, type OpenApiOperation, type SchemaNode } from './openapi-schema.js';

/** A REST request as the strict fake checks it. */
export interface RequestToCheck {
  readonly method: string;
  /** Decoded path below `/api/v10`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** JSON body (or a multipart body's `payload_json`); null when none was sent. */
  readonly body: unknown;
}

/** What the description says about a request: the operation it is (null if none) and every refused field. */
export interface SpecVerdict {
  readonly operation: OpenApiOperation | null;
  readonly errors: readonly FieldError[];
}

const INT32 = 2 ** 31;
/** The `format`s the description uses; ajv knows none of Discord's own. */
const FORMATS = {
  int32: { type: 'number' as const, validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 },
  int64: { type: 'number' as const, validate: (n: number) => Number.isInteger(n) },
  double: { type: 'number' as const, validate: (n: number) => Number.isFinite(n) },
  snowflake: /^(0|[1-9][0-9]*)$/,
  nonce: true as const,
  'date-time': (s: string) => !Number.isNaN(Date.parse(s)),
  uri: (s: string) => URL.canParse(s),
};

function makeAjv(coerceTypes: boolean): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true, coerceTypes, formats: FORMATS });
  // The end of a rewritten union (see openapi-schema.ts): the value's `type` names no branch.
  ajv.addKeyword({
    keyword: 'discordUnion',
    schemaType: 'array',
    errors: true,
    validate: function union(allowed: unknown[], data: unknown): boolean {
      const type = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
      if (allowed.includes(type)) return true;
      (union as unknown as { errors: unknown[] }).errors = [{ keyword: 'discordUnion', params: { allowed }, message: 'unknown union type' }];
      return false;
    },
  });
  return ajv;
}

/**
 * Validates requests against Discord's OpenAPI description: path and query parameters and the
 * JSON body of the operation the method and path name. The description is read on first use
 * and each operation's validators are compiled once, then cached (module-wide, so every fake
 * in a process shares them).
 */
export class DiscordSpecValidator {
  private bodyAjv: Ajv2020 | null = null;
  private paramAjv: Ajv2020 | null = null;
  private readonly bodies = new Map<string, ValidateFunction | null>();
  private readonly params = new Map<string, ValidateFunction>();
  private readonly named = new Map<string, ValidateFunction>();

  /** The operation a method and path are, with the path parameters, or null. */
  match(method: string, path: string): { operation: OpenApiOperation; pathParams: Record<string, string> } | null {
    for (const operation of discordOpenApi().operations) {
      if (operation.method !== method) continue;
      const found = operation.pattern.exec(path);
      if (!found) continue;
      return { operation, pathParams: Object.fromEntries(operation.pathParams.map((name, i) => [name, found[i + 1] ?? ''])) };
    }
    return null;
  }

  /** Every field of the request the description refuses (empty: valid, or no such operation). */
  check(request: RequestToCheck): SpecVerdict {
    const matched = this.match(request.method, request.path);
    if (!matched) return { operation: null, errors: [] };
    const { operation, pathParams } = matched;
    const errors: FieldError[] = [...this.checkParams(operation, pathParams, request.query)];
    const validate = this.bodyValidator(operation);
    if (validate && (request.body !== null || operation.bodyRequired)) {
      if (!validate(request.body)) errors.push(...fieldErrors(validate.errors ?? []));
    }
    return { operation, errors };
  }

  /**
   * Every field of `value` that the description's schema `name` (of `components.schemas`)
   * refuses, for a check only the state can choose, e.g. which branch of a union applies.
   */
  checkSchema(name: string, value: unknown): FieldError[] {
    if (!(name in discordOpenApi().schemas)) throw new Error(`No schema ${name} in Discord's OpenAPI description`);
    let validate = this.named.get(name);
    if (!validate) {
      validate = this.ajv('body').compile({ $ref: `discord#/components/schemas/${name}` });
      this.named.set(name, validate);
    }
    return validate(value) ? [] : fieldErrors(validate.errors ?? []);
  }

  private checkParams(operation: OpenApiOperation, pathParams: Record<string, string>, query: Readonly<Record<string, string>>): FieldError[] {
    let validate = this.params.get(operation.operationId);
    if (!validate) {
      const properties: Record<string, SchemaNode> = {};
      for (const p of operation.parameters) if (p.in === 'path' || p.in === 'query') properties[p.name] = rebase(p.schema);
      const required = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
      validate = this.ajv('params').compile({ type: 'object', properties, required });
      this.params.set(operation.operationId, validate);
    }
    const known = new Set(operation.parameters.map((p) => p.name));
    // Unknown query parameters are ignored, as Discord ignores them.
    const values = { ...Object.fromEntries(Object.entries(query).filter(([k]) => known.has(k))), ...pathParams };
    return validate(values) ? [] : fieldErrors(validate.errors ?? []);
  }

  private bodyValidator(operation: OpenApiOperation): ValidateFunction | null {
    if (!this.bodies.has(operation.operationId)) {
      this.bodies.set(operation.operationId, operation.body ? this.ajv('body').compile(rebase(operation.body)) : null);
    }
    return this.bodies.get(operation.operationId) ?? null;
  }

  private ajv(kind: 'body' | 'params'): Ajv2020 {
    const make = (): Ajv2020 => {
      const ajv = makeAjv(kind === 'params');
      ajv.addSchema({ $id: 'discord', components: { schemas: discordOpenApi().schemas } });
      return ajv;
    };
    if (kind === 'body') return (this.bodyAjv ??= make());
    return (this.paramAjv ??= make());
  }
}

/** An operation's schema refers to `#/components/…` of the description: point that at the added document. */
function rebase(node: unknown): SchemaNode {
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(walk);
    if (typeof n !== 'object' || n === null) return n;
    return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `discord${v}` : walk(v)]));
  };
  return walk(node) as SchemaNode;
}

let shared: DiscordSpecValidator | null = null;

/** The process-wide validator (compiled schemas are cached in it). */
export function discordSpecValidator(): DiscordSpecValidator {
  shared ??= new DiscordSpecValidator();
  return shared;
}
