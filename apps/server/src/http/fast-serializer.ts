import fastJsonStringify from 'fast-json-stringify';
import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * A response serializer compiler for hot routes (route option `serializerCompiler`): a success
 * (2xx) body is written by fast-json-stringify, compiled once from the JSON Schema of the route's
 * Zod response schema (`z.toJSONSchema`, output side), instead of Zod encoding and then
 * `JSON.stringify` on every reply. For a sale: 7 µs against 87 µs per reply (bench/tmp micro run,
 * same process). Like the Zod serializer it writes only the properties the schema declares, and
 * it throws on a missing required property or a value it cannot write as its type; unlike it, it
 * does not check formats or bounds, so a test of each route using it must check its replies
 * against the Zod schema. Other status codes (problems) keep the Zod serializer.
 * @throws Error at start-up when the schema has parts JSON Schema cannot express (transforms).
 */
export function fastSerializerCompiler<T>(input: FastifyRouteSchemaDef<T>): (data: unknown) => string {
  const zodInput = input as unknown as Parameters<typeof serializerCompiler>[0];
  if (!input.httpStatus?.startsWith('2')) return serializerCompiler(zodInput);
  const json = z.toJSONSchema(zodInput.schema as z.ZodType, { io: 'output', target: 'draft-7' });
  return fastJsonStringify(json as Parameters<typeof fastJsonStringify>[0]);
}
