import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { type ZodType, z } from 'zod';

/**
 * Responses are written by fast-json-stringify from each route's documented response schema (the
 * zod schema's JSON Schema, the one the OpenAPI document shows): only documented fields are
 * written, so nothing undeclared can leak, and the handler's typed answer is not validated again
 * on its way out (zod already types it at compile time).
 */
export const responseSerializerCompiler: FastifySerializerCompiler<ZodType> = ({ schema }) =>
  fastJson(
    z.toJSONSchema(schema, {
      io: 'output',
      target: 'draft-7',
      // `z.unknown()` (a publisher's document) is written as it is.
      unrepresentable: 'any',
    }) as Parameters<typeof fastJson>[0],
  );
