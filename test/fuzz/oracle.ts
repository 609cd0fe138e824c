import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { documentedResponse, type OpenApiDocument, type Operation } from './operations.js';

const COMPONENTS_ID = 'https://fuzz.invalid/components';

export type Answer = {
  status: number;
  headers: Record<string, unknown>;
  body: string;
};

/** Why an answer is wrong: `reason` groups alike failures, `detail` says what this one did. */
export type Breach = { reason: string; detail: string };

/**
 * Judges answers against the served document: no 5xx; every status documented for its operation
 * (its code, its range or `default`); every 4xx an RFC 9457 problem; every documented body in a
 * documented media type and valid against its schema (ajv, draft 2020-12, `$ref`s resolved);
 * every header documented as required present.
 */
export class Oracle {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: false, logger: false });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    addFormats.default(this.ajv);
    // One schema holds every component; each response schema refers into it.
    this.ajv.addSchema({ $id: COMPONENTS_ID, $defs: rebased(document.components?.schemas ?? {}) });
  }

  judge(operation: Operation, answer: Answer): Breach[] {
    const { status } = answer;
    const breaches: Breach[] = [];
    if (status >= 500) {
      breaches.push({ reason: `${status} server error`, detail: answer.body.slice(0, 300) });
    }
    const documented = documentedResponse(operation, status);
    if (!documented) {
      breaches.push({
        reason: `${status} not documented`,
        detail: `documented: ${Object.keys(operation.responses).join(', ')}`,
      });
    }
    const mediaType = mediaTypeOf(answer.headers['content-type']);
    if (status >= 400 && status < 500) breaches.push(...problemBreaches(answer, mediaType));
    if (documented) {
      breaches.push(
        ...this.bodyBreaches(operation, documented.key, documented.response, answer, mediaType),
        ...headerBreaches(documented.response, answer),
      );
    }
    return breaches;
  }

  private bodyBreaches(
    operation: Operation,
    key: string,
    response: { content?: Record<string, { schema?: unknown }> },
    answer: Answer,
    mediaType: string,
  ): Breach[] {
    const content = response.content ?? {};
    const types = Object.keys(content);
    if (types.length === 0) {
      return answer.body.length > 0
        ? [{ reason: `${answer.status} body where none is documented`, detail: answer.body }]
        : [];
    }
    const type = types.find((t) => t.toLowerCase() === mediaType);
    if (type === undefined) {
      return [
        {
          reason: `${answer.status} media type '${mediaType}' not documented`,
          detail: `documented: ${types.join(', ')}`,
        },
      ];
    }
    const schema = content[type]?.schema;
    if (schema === undefined || !/[/+]json$/.test(mediaType)) return [];
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch (error) {
      return [
        {
          reason: `${answer.status} body is not JSON`,
          detail: `${(error as Error).message}: ${answer.body.slice(0, 200)}`,
        },
      ];
    }
    const validate = this.validator(`${operation.id} ${key} ${type}`, schema);
    if (validate(body)) return [];
    const error = validate.errors?.[0];
    return [
      {
        // Grouped by the schema rule broken, not by where (an item index differs every time).
        reason: `${answer.status} body breaks its schema: ${error?.schemaPath ?? '?'} ${error?.message ?? ''}`,
        detail: `at ${error?.instancePath || '/'}: ${JSON.stringify(error?.params ?? {})}`,
      },
    ];
  }

  private validator(id: string, schema: unknown): ValidateFunction {
    let validate = this.validators.get(id);
    if (!validate) {
      validate = this.ajv.compile(rebased(schema) as object);
      this.validators.set(id, validate);
    }
    return validate;
  }
}

/** Every header the response documents as `required` is there. */
function headerBreaches(
  response: { headers?: Record<string, { required?: boolean }> },
  answer: Answer,
): Breach[] {
  return Object.entries(response.headers ?? {})
    .filter(([name, header]) => header.required && answer.headers[name.toLowerCase()] === undefined)
    .map(([name]) => ({
      reason: `${answer.status} lacks its documented header ${name}`,
      detail: `headers: ${Object.keys(answer.headers).join(', ')}`,
    }));
}

/** Type, title, status and detail, with the status the answer has. */
function problemBreaches(answer: Answer, mediaType: string): Breach[] {
  if (mediaType !== 'application/problem+json') {
    return [
      {
        reason: `${answer.status} is not problem+json (${mediaType || 'no content type'})`,
        detail: answer.body.slice(0, 200),
      },
    ];
  }
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    return [{ reason: `${answer.status} problem is not JSON`, detail: answer.body.slice(0, 200) }];
  }
  const missing: string[] = ['type', 'title', 'detail'].filter(
    (key) => typeof problem[key] !== 'string',
  );
  if (typeof problem.status !== 'number') missing.push('status');
  if (missing.length > 0) {
    return [
      { reason: `${answer.status} problem lacks ${missing.join(', ')}`, detail: answer.body },
    ];
  }
  if (problem.status !== answer.status) {
    return [{ reason: `${answer.status} problem says status ${problem.status}`, detail: '' }];
  }
  return [];
}

function mediaTypeOf(header: unknown): string {
  return (String(header ?? '').split(';')[0] ?? '').trim().toLowerCase();
}

/** The schema with `#/components/schemas/X` pointing into the one components schema. */
function rebased(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebased);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string'
        ? value.replace(/^#\/components\/schemas\//, `${COMPONENTS_ID}#/$defs/`)
        : rebased(value),
    ]),
  );
}
