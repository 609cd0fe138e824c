import fc from 'fast-check';
import { badUtf8, deepValue, malformedJson } from './hostile.js';
import { toJson } from './json-text.js';
import type { Operation } from './operations.js';
import { mutated, type Plan } from './requests.js';
import type { SchemaArbitraries } from './schema-arbitrary.js';

type Body = NonNullable<Plan['body']> & { label: string };

/** Bundle collections and the `type` each record carries as an NDJSON line. */
const RECORD_TYPE: Record<string, string> = {
  actors: 'actor',
  sources: 'source',
  claims: 'claim',
  quotes: 'quote',
  links: 'link',
  evidence: 'evidence',
  statuses: 'status',
};

/**
 * Bodies the document describes only in words: `POST /import` also takes NDJSON (one record a
 * line, as its description says), and `POST /import/claimreview` takes any JSON-LD holding
 * ClaimReviews (its schema is `{}`): made here from the document's own Bundle and ClaimReview.
 */
export function extraBodies(
  operations: Operation[],
  arbs: SchemaArbitraries,
  components: Record<string, unknown>,
  exported: unknown,
): Record<string, fc.Arbitrary<Body>[]> {
  const extra: Record<string, fc.Arbitrary<Body>[]> = {};
  const ndjsonImport = operations.find(
    (op) => op.method === 'POST' && op.body && /\bNDJSON\b/.test(op.prose),
  );
  if (ndjsonImport?.body) {
    // A bundle made from the schema alone rarely holds together; the API's own export does.
    const bundle = fc.oneof(
      arbs.valid(ndjsonImport.body.schema),
      exported === null ? arbs.valid(ndjsonImport.body.schema) : reworded(exported),
    );
    extra[ndjsonImport.id] = [
      ...ndjson(bundle),
      ...(exported === null
        ? []
        : [
            reworded(exported).map(asJson('body:export')),
            mutated(reworded(exported)).map(asJson('body:export-mutated')),
            // One number moved in a record that is otherwise right: only the rules can object.
            mutated(reworded(exported), 'nudge').map(asJson('body:export-nudged')),
            ...ndjson(mutated(reworded(exported))).map((arb) =>
              arb.map((body) => ({ ...body, label: `${body.label}:export-mutated` })),
            ),
          ]),
    ];
  }
  const review = components.ClaimReview;
  const reviewImport = operations.find(
    (op) => op.method === 'POST' && /claimreview/i.test(op.path),
  );
  if (review && reviewImport) extra[reviewImport.id] = claimReviews(arbs.valid(review));
  return extra;
}

const asJson = (label: string) => (value: unknown) => ({
  contentType: 'application/json',
  payload: toJson(value),
  label,
});

/** The exported record with one text changed: an import that updates exactly one record. */
function reworded(exported: unknown): fc.Arbitrary<unknown> {
  const bundle = exported as Record<string, unknown>;
  const editable: [string, string][] = [
    ['claims', 'text'],
    ['actors', 'name'],
    ['evidence', 'summary'],
  ];
  return fc
    .tuple(fc.constantFrom(...editable), fc.nat(), fc.string({ minLength: 1, maxLength: 40 }))
    .map(([[collection, field], at, text]) => {
      const records = bundle[collection];
      if (!Array.isArray(records) || records.length === 0) return bundle;
      const changed = records.map((r, i) =>
        i === at % records.length ? { ...(r as object), [field]: `${text.trim() || 'x'} ${i}` } : r,
      );
      return { ...bundle, [collection]: changed };
    });
}

function ndjson(bundle: fc.Arbitrary<unknown>): fc.Arbitrary<Body>[] {
  const lines = bundle.map((value) =>
    Object.entries(value as Record<string, unknown>).flatMap(([key, records]) =>
      Array.isArray(records) && RECORD_TYPE[key]
        ? records.map((r) => toJson({ type: RECORD_TYPE[key], ...(r as object) }))
        : [],
    ),
  );
  const type = 'application/x-ndjson';
  return [
    lines.map((l) => ({ contentType: type, payload: `${l.join('\n')}\n`, label: 'ndjson:valid' })),
    fc
      .tuple(
        lines,
        fc.oneof(
          malformedJson,
          deepValue.map((d) => d.text),
          fc.constantFrom('', '\r', '{"type":"nope"}', '{"type":"claim"}', '[]', 'null'),
        ),
        fc.nat(),
      )
      .map(([l, bad, at]) => {
        const copy = [...l];
        copy.splice(at % (copy.length + 1), 0, bad);
        return { contentType: type, payload: copy.join('\n'), label: 'ndjson:bad-line' };
      }),
    fc.tuple(lines, badUtf8).map(([l, bytes]) => ({
      contentType: type,
      payload: Buffer.concat([Buffer.from(`${l.join('\n')}\n{"type":"actor","name":"`), bytes]),
      label: 'ndjson:bad-utf8',
    })),
  ];
}

function claimReviews(review: fc.Arbitrary<unknown>): fc.Arbitrary<Body>[] {
  const json = (label: string) => (value: unknown) => ({
    contentType: 'application/ld+json',
    payload: toJson(value),
    label,
  });
  const reviews = fc.array(review, { minLength: 1, maxLength: 3 });
  return [
    review.map(json('claimreview:one')),
    reviews.map(json('claimreview:array')),
    reviews.map((items) =>
      json('claimreview:graph')({ '@context': 'https://schema.org', '@graph': items }),
    ),
    reviews.map((items) =>
      json('claimreview:feed')({
        '@context': 'https://schema.org',
        '@type': 'DataFeed',
        dataFeedElement: [{ '@type': 'DataFeedItem', item: items }],
      }),
    ),
    deepValue.map((deep) => ({
      contentType: 'application/ld+json',
      payload: `{"@context":"https://schema.org","@graph":[${deep.text}]}`,
      label: 'claimreview:deep',
    })),
  ];
}
