/**
 * Route documentation from the same zod schemas that validate input, so the OpenAPI document
 * cannot drift from what the server accepts. Validation itself stays in `parseInput`; the
 * server's validator compiler lets these schemas through untouched.
 */
import { z } from 'zod';

export interface RouteDocumentation {
  summary: string;
  tags: string[];
  querystring?: z.ZodType;
  params?: z.ZodType;
  body?: z.ZodType;
}

function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** The Fastify `schema` option for a route: summary, tags and JSON Schemas of its input. */
export function describeRoute(documentation: RouteDocumentation): Record<string, unknown> {
  const schema: Record<string, unknown> = { summary: documentation.summary, tags: documentation.tags };
  if (documentation.querystring) schema.querystring = toJsonSchema(documentation.querystring);
  if (documentation.params) schema.params = toJsonSchema(documentation.params);
  if (documentation.body) schema.body = toJsonSchema(documentation.body);
  return schema;
}
