/**
 * A small checker of JSON answers against the OpenAPI description (the JSON Schema subset its
 * schemas use: type, required, properties, items, $ref, const, enum, minimum, oneOf): every
 * documented required property is there with its type, and nothing undocumented is sent.
 * The same idea as the checker inside tests/unit/esco-openapi.test.ts, plus oneOf and enum, which
 * the transitions schemas use.
 */
import { openApiDocument } from '../../server/openapi/index.js';

export type Schema = Record<string, unknown>;
const doc = openApiDocument() as { paths: Record<string, Schema>; components: { schemas: Record<string, Schema> } };

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Problems found in `value` against `schema`, as 'path: what' strings. */
export function check(value: unknown, schema: Schema, path = '$'): string[] {
  if (typeof schema.$ref === 'string') return check(value, doc.components.schemas[schema.$ref.split('/').pop()!]!, path);
  if (Array.isArray(schema.oneOf)) {
    const results = (schema.oneOf as Schema[]).map((s) => check(value, s, path));
    const passing = results.filter((r) => r.length === 0).length;
    if (passing === 1) return [];
    return passing === 0 ? [`${path}: matches no oneOf branch (${results.map((r) => r[0]).join(' / ')})`] : [`${path}: matches ${passing} oneOf branches`];
  }
  const problems: string[] = [];
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const actual = typeOf(value);
  if (types.length && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return [`${path}: ${actual}, expected ${types.join(' or ')}`];
  if ('const' in schema && value !== schema.const) problems.push(`${path}: ${JSON.stringify(value)}, expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)}, expected one of ${JSON.stringify(schema.enum)}`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) problems.push(`${path}: below ${schema.minimum}`);
  if (actual === 'object' && schema.properties) {
    const props = schema.properties as Record<string, Schema>;
    const obj = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in obj)) problems.push(`${path}.${key}: missing`);
    for (const [key, v] of Object.entries(obj)) {
      if (!props[key]) problems.push(`${path}.${key}: not documented`);
      else problems.push(...check(v, props[key]!, `${path}.${key}`));
    }
  }
  if (actual === 'array' && schema.items) (value as unknown[]).forEach((item, i) => problems.push(...check(item, schema.items as Schema, `${path}[${i}]`)));
  return problems;
}

/** The schema of a GET route's answer with `status`. */
export function responseSchema(route: string, status: string): Schema {
  const op = (doc.paths[route] as { get: { responses: Record<string, { content: { 'application/json': { schema: Schema } } }> } }).get;
  return op.responses[status]!.content['application/json'].schema;
}
