import type { JsonSchema } from './schema-arbitrary.js';

/** The served OpenAPI 3.1 document, as far as the fuzzer reads it. */
export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema> };
  security?: unknown[];
};

export type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
};

export type ResponseDoc = {
  content?: Record<string, { schema?: JsonSchema }>;
  headers?: Record<string, { required?: boolean }>;
};

/** One operation of the document: what may be sent, and what may come back. */
export type Operation = {
  id: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body: { required: boolean; contentTypes: string[]; schema: JsonSchema } | null;
  responses: Record<string, ResponseDoc>;
  secured: boolean;
  /** Summary and description: some bodies are described only in words (NDJSON). */
  prose: string;
};

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) => {
    const shared = Array.isArray(item.parameters) ? (item.parameters as Parameter[]) : [];
    return METHODS.flatMap((method) => {
      const raw = item[method] as Record<string, unknown> | undefined;
      if (!raw) return [];
      const own = Array.isArray(raw.parameters) ? (raw.parameters as Parameter[]) : [];
      const parameters = [
        ...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)),
        ...own,
      ].map((p) => ({ ...p, name: p.name, required: p.required === true, schema: p.schema ?? {} }));
      const requestBody = raw.requestBody as
        | { required?: boolean; content?: Record<string, { schema?: JsonSchema }> }
        | undefined;
      const contentTypes = Object.keys(requestBody?.content ?? {});
      const firstType = contentTypes[0];
      const security = (raw.security ?? document.security ?? []) as unknown[];
      return [
        {
          id: String(raw.operationId ?? `${method} ${path}`),
          method: method.toUpperCase(),
          path,
          parameters,
          body:
            requestBody && firstType !== undefined
              ? {
                  required: requestBody.required === true,
                  contentTypes,
                  schema: requestBody.content?.[firstType]?.schema ?? {},
                }
              : null,
          responses: (raw.responses ?? {}) as Record<string, ResponseDoc>,
          secured: security.some((s) => s !== null && Object.keys(s as object).length > 0),
          prose: `${raw.summary ?? ''} ${raw.description ?? ''}`,
        },
      ];
    });
  });
}

/** The documented response for a status: its own code, its range (`4XX`), or `default`. */
export function documentedResponse(
  operation: Operation,
  status: number,
): { key: string; response: ResponseDoc } | null {
  for (const key of [String(status), `${Math.floor(status / 100)}XX`, 'default']) {
    const response = operation.responses[key] ?? operation.responses[key.toLowerCase()];
    if (response) return { key, response };
  }
  return null;
}
