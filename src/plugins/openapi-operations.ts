import type { OpenAPIV3_1 } from 'openapi-types';

/** Every operation of an OpenAPI document, with its method: what each pass over it walks. */
export function* operationsOf(document: unknown): Generator<[string, OpenAPIV3_1.OperationObject]> {
  for (const item of Object.values((document as OpenAPIV3_1.Document).paths ?? {})) {
    for (const [method, value] of Object.entries(item ?? {})) {
      if (typeof value === 'object' && value !== null && 'responses' in value) {
        yield [method, value as OpenAPIV3_1.OperationObject];
      }
    }
  }
}
