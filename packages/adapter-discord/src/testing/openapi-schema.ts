import { readFileSync } from 'node:fs';

/** A JSON-schema node of Discord's OpenAPI description. */
export type SchemaNode = { [key: string]: unknown };

/** One operation of the description: its parameters and request body schema. */
export interface OpenApiOperation {
  readonly operationId: string;
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly pathParams: readonly string[];
  readonly parameters: readonly { readonly name: string; readonly in: string; readonly required?: boolean; readonly schema: SchemaNode }[];
  /** `application/json` body schema (multipart bodies carry the same JSON in `payload_json`). */
  readonly body: SchemaNode | null;
  readonly bodyRequired: boolean;
}

/** The loaded description: schemas rewritten for precise errors, and the operations to match requests against. */
export interface DiscordOpenApi {
  readonly schemas: Readonly<Record<string, SchemaNode>>;
  readonly operations: readonly OpenApiOperation[];
}

/** Where the copy of discord/discord-api-spec lives (`spec/` of this package, from `src/testing` and `dist/testing` alike). */
const SPEC_URL = new URL('../../spec/discord-openapi.json', import.meta.url);
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

const isNode = (value: unknown): value is SchemaNode => typeof value === 'object' && value !== null && !Array.isArray(value);

let loaded: DiscordOpenApi | null = null;

/** Discord's OpenAPI description, read (1.1 MB) and prepared on first use only. */
export function discordOpenApi(): DiscordOpenApi {
  loaded ??= prepare(JSON.parse(readFileSync(SPEC_URL, 'utf8')) as { paths: Record<string, SchemaNode>; components: { schemas: Record<string, SchemaNode> } });
  return loaded;
}

function prepare(doc: { paths: Record<string, SchemaNode>; components: { schemas: Record<string, SchemaNode> } }): DiscordOpenApi {
  const original = doc.components.schemas;
  const rewrite = (node: unknown): unknown => rewriteUnions(node, original);
  const schemas = Object.fromEntries(Object.entries(original).map(([name, schema]) => [name, rewrite(schema) as SchemaNode]));
  const operations: OpenApiOperation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    const shared = (item['parameters'] as OpenApiOperation['parameters'] | undefined) ?? [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isNode(op)) continue;
      const pathParams = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]+)');
      const requestBody = op['requestBody'] as { required?: boolean; content?: Record<string, { schema?: SchemaNode }> } | undefined;
      const json = requestBody?.content?.['application/json']?.schema;
      operations.push({
        operationId: String(op['operationId']),
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${source}$`),
        pathParams,
        parameters: [...shared, ...((op['parameters'] as OpenApiOperation['parameters'] | undefined) ?? [])],
        body: json ? (rewrite(json) as SchemaNode) : null,
        bodyRequired: requestBody?.required ?? false,
      });
    }
  }
  // Literal segments win over parameters: `/messages/@original` before `/messages/{message_id}`.
  operations.sort((a, b) => a.pathParams.length - b.pathParams.length);
  return { schemas, operations };
}

function resolve(node: unknown, schemas: Record<string, SchemaNode>): SchemaNode | null {
  let current = node;
  for (let hops = 0; isNode(current) && typeof current['$ref'] === 'string' && hops < 10; hops += 1) {
    current = schemas[(current['$ref'] as string).split('/').pop() ?? ''];
  }
  return isNode(current) ? current : null;
}

/** The `type` tag values of an object branch (`properties.type.enum` / `const`), or null. */
function tagsOf(branch: SchemaNode | null): unknown[] | null {
  const tag = branch && isNode(branch['properties']) ? (branch['properties'] as SchemaNode)['type'] : undefined;
  if (!isNode(tag)) return null;
  if (Array.isArray(tag['enum'])) return tag['enum'] as unknown[];
  return 'const' in tag ? [tag['const']] : null;
}

const isNullBranch = (b: unknown): boolean => isNode(b) && b['type'] === 'null' && Object.keys(b).length === 1;
const isConstBranch = (b: unknown): boolean => isNode(b) && 'const' in b && Object.keys(b).every((k) => k === 'const' || k === 'title' || k === 'description');

/**
 * Rewrites `oneOf` / `anyOf` so ajv reports what Discord reports instead of every branch's
 * complaint: a list of constants becomes an `enum`; "null or X" becomes `if null then
 * anything else X`; a union of objects told apart by their `type` (components, options,
 * callbacks) becomes an if/then chain on `type`, ending in `discordUnion` (Discord's
 * UNION_TYPE_CHOICES). Only the branch the value claims to be is then validated.
 */
function rewriteUnions(node: unknown, schemas: Record<string, SchemaNode>): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteUnions(n, schemas));
  if (!isNode(node)) return node;
  const key = Array.isArray(node['oneOf']) ? 'oneOf' : Array.isArray(node['anyOf']) ? 'anyOf' : null;
  const out: SchemaNode = {};
  for (const [k, v] of Object.entries(node)) if (k !== key) out[k] = rewriteUnions(v, schemas);
  if (isNode(out['properties']) && 'default_member_permissions' in out['properties']) {
    // Discord documents permission bit sets as strings ("?string", docs: interactions/application-commands,
    // checked 2026-12-01) and discord.js sends them so; the description says integer. Accept both.
    out['properties'] = { ...out['properties'], default_member_permissions: { type: ['string', 'integer', 'null'], pattern: '^[0-9]+$', minimum: 0 } };
  }
  if (!key) return out;
  const branches = node[key] as unknown[];
  if (branches.every(isConstBranch)) return { ...out, enum: branches.map((b) => (b as SchemaNode)['const']) };
  const nonNull = branches.filter((b) => !isNullBranch(b));
  if (nonNull.length < branches.length) {
    const other = nonNull.length === 1 ? nonNull[0] : { [key]: nonNull };
    return { ...out, if: { type: 'null' }, then: true, else: rewriteUnions(other, schemas) };
  }
  const tags = branches.map((b) => tagsOf(resolve(b, schemas)));
  const all = tags.flat();
  if (tags.every((t) => t !== null) && new Set(all).size === all.length) {
    let chain: SchemaNode = { discordUnion: all };
    for (let i = branches.length - 1; i >= 0; i -= 1) {
      chain = { if: { type: 'object', required: ['type'], properties: { type: { enum: tags[i] } } }, then: rewriteUnions(branches[i], schemas), else: chain };
    }
    return { ...out, ...chain };
  }
  return { ...out, [key]: branches.map((b) => rewriteUnions(b, schemas)) };
}
