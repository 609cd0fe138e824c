import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { committedWrite } from '../helpers/committed-write.js';

/**
 * What the API's answers would cost with nothing of the app around them, run as a process of its
 * own (as the server is) for `npm run bench:api`:
 *
 * - `GET /bytes/:name`: bare fastify sending answers the real server gave, from memory;
 * - `GET /raw/claims/:id`: a claim's representation and ETag built with plain prepared statements;
 * - `POST /raw/claims`: a claim row and its quote row inserted with plain prepared statements,
 *   committed with the search index brought up to date as every writer's (migration 0022).
 *
 * Env: CEILING_DB (the database: read-only for reads, a second connection for the inserts) and
 * CEILING_BYTES (a JSON file `{ name: { contentType, body (base64) } }`). Prints `CEILINGS <url>`.
 */

type Canned = Record<string, { contentType: string; body: string }>;

const dbFile = process.env.CEILING_DB;
const bytesFile = process.env.CEILING_BYTES;
if (!dbFile || !bytesFile) throw new Error('CEILING_DB and CEILING_BYTES are needed');

const canned = new Map(
  Object.entries(JSON.parse(readFileSync(bytesFile, 'utf8')) as Canned).map(([name, answer]) => [
    name,
    { contentType: answer.contentType, body: Buffer.from(answer.body, 'base64') },
  ]),
);

const reader = new Database(dbFile, { readonly: true });
const writer = new Database(dbFile);
writer.pragma('journal_mode = WAL');
writer.pragma('synchronous = NORMAL');
writer.pragma('foreign_keys = ON');

type ClaimRow = {
  seq: number;
  id: string;
  slug: string;
  text: string;
  language: string;
  claimant_id: string;
  stated_at: string;
  status: string;
  status_note: string | null;
  attribution: string;
  attribution_note: string | null;
  stated_at_note: string | null;
  rebuttal_count: number;
  supporter_count: number;
  rebuts_count: number;
  supports_count: number;
  evidence_count: number;
  version: number;
  created_at: string;
  updated_at: string;
};
type ActorSummary = { id: string; slug: string; name: string; kind: string };
type SourceSummary = {
  id: string;
  slug: string;
  kind: string;
  title: string | null;
  description: string | null;
};
type QuoteRow = {
  id: string;
  exact: string;
  start: number;
  end: number;
  source_id: string;
  speaker_id: string | null;
  original_source_id: string | null;
  wording: string;
};
type LinkedRow = {
  id: string;
  slug: string;
  text: string;
  status: string;
  a_id: string;
  a_slug: string;
  a_name: string;
  a_kind: string;
  note: string | null;
};

const linked = (join: 'from_claim_id' | 'to_claim_id', where: 'from_claim_id' | 'to_claim_id') =>
  reader.prepare<[string, string], LinkedRow>(
    `SELECT c.id, c.slug, c.text, c.status,
            a.id AS a_id, a.slug AS a_slug, a.name AS a_name, a.kind AS a_kind, l.note
       FROM claim_links l
       JOIN claims c ON c.id = l.${join}
       JOIN actors a ON a.id = c.claimant_id
      WHERE l.${where} = ? AND l.kind = ?
      ORDER BY l.created_at, c.id
      LIMIT 20`,
  );

const statements = {
  claimById: reader.prepare<[string], ClaimRow>('SELECT * FROM claims WHERE id = ?'),
  claimBySlug: reader.prepare<[string], ClaimRow>('SELECT * FROM claims WHERE slug = ?'),
  actor: reader.prepare<[string], ActorSummary>(
    'SELECT id, slug, name, kind FROM actors WHERE id = ?',
  ),
  source: reader.prepare<[string], SourceSummary>(
    'SELECT id, slug, kind, title, description FROM sources WHERE id = ?',
  ),
  tags: reader
    .prepare<[string], string>('SELECT tag FROM claim_tags WHERE claim_id = ? ORDER BY tag')
    .pluck(),
  quotes: reader.prepare<[string], QuoteRow>(
    'SELECT id, exact, start, "end", source_id, speaker_id, original_source_id, wording FROM quotes WHERE claim_id = ? ORDER BY position',
  ),
  outgoing: linked('to_claim_id', 'from_claim_id'),
  incoming: linked('from_claim_id', 'to_claim_id'),
  provenance: reader.prepare<
    [string],
    { format: string; url: string; imported_at: string; document: string }
  >('SELECT format, url, imported_at, document FROM claim_provenance WHERE claim_id = ?'),
  review: reader.prepare<
    [string],
    {
      publisher: string | null;
      label: string | null;
      ratingValue: number | null;
      bestRating: number | null;
      worstRating: number | null;
      score: number | null;
      headline: string | null;
    }
  >(
    `SELECT publisher, label, rating_value AS ratingValue, best_rating AS bestRating,
            worst_rating AS worstRating, score, headline
       FROM claim_reviews WHERE claim_id = ?`,
  ),
};

const summary = (row: LinkedRow) => ({
  id: row.id,
  slug: row.slug,
  text: row.text,
  status: row.status,
  claimant: { id: row.a_id, slug: row.a_slug, name: row.a_name, kind: row.a_kind },
  linkNote: row.note,
});

/** The representation GET /claims/{id} sends, in the same key order, or null. */
function claimOf(idOrSlug: string) {
  const row = idOrSlug.startsWith('clm_')
    ? statements.claimById.get(idOrSlug)
    : statements.claimBySlug.get(idOrSlug);
  if (!row) return null;
  const provenance = statements.provenance.get(row.id);
  return {
    id: row.id,
    slug: row.slug,
    text: row.text,
    status: row.status,
    claimant: statements.actor.get(row.claimant_id) ?? null,
    statusNote: row.status_note,
    attribution: row.attribution,
    attributionNote: row.attribution_note,
    language: row.language,
    statedAt: row.stated_at,
    statedAtNote: row.stated_at_note,
    tags: statements.tags.all(row.id),
    rebuttalCount: row.rebuttal_count,
    supporterCount: row.supporter_count,
    evidenceCount: row.evidence_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    quotes: statements.quotes.all(row.id).map((q) => ({
      id: q.id,
      exact: q.exact,
      start: q.start,
      end: q.end,
      source: statements.source.get(q.source_id) ?? null,
      speaker: q.speaker_id ? (statements.actor.get(q.speaker_id) ?? null) : null,
      originalSource: q.original_source_id
        ? (statements.source.get(q.original_source_id) ?? null)
        : null,
      wording: q.wording,
    })),
    rebuts: statements.outgoing.all(row.id, 'rebuts').map(summary),
    rebutsCount: row.rebuts_count,
    rebuttedBy: statements.incoming.all(row.id, 'rebuts').map(summary),
    supports: statements.outgoing.all(row.id, 'supports').map(summary),
    supportsCount: row.supports_count,
    supportedBy: statements.incoming.all(row.id, 'supports').map(summary),
    provenance: provenance
      ? {
          format: provenance.format,
          url: provenance.url,
          importedAt: provenance.imported_at,
          document: JSON.parse(provenance.document) as unknown,
        }
      : null,
    review: statements.review.get(row.id) ?? null,
  };
}

const insert = {
  claim: writer.prepare(
    `INSERT INTO claims (id, slug, text, language, claimant_id, stated_at, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'unverified', ?, ?)`,
  ),
  quote: writer.prepare(
    'INSERT INTO quotes (id, claim_id, position, source_id, exact, start, "end") VALUES (?, ?, 0, ?, ?, ?, ?)',
  ),
};

type NewClaim = {
  text: string;
  claimantId: string;
  statedAt: string;
  language?: string;
  quotes?: { sourceId: string; exact: string; start: number; end: number }[];
};

const randomId = (prefix: string) =>
  `${prefix}_${BigInt(`0x${randomBytes(11).toString('hex')}`)
    .toString(36)
    .padStart(16, '0')
    .slice(0, 16)}`;

// Committed as the schema asks of every writer: the claims its triggers noted are indexed first.
const insertClaim = (claim: NewClaim) =>
  committedWrite(writer, () => {
    const id = randomId('clm');
    const now = new Date().toISOString();
    // Valid as the API's slugs are (lowercase words joined by hyphens), or the API cannot list it.
    const slug = claim.text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 60)
      .replace(/^-+|-+$/g, '');
    insert.claim.run(
      id,
      slug,
      claim.text,
      claim.language ?? 'en',
      claim.claimantId,
      claim.statedAt,
      now,
      now,
    );
    const quote = claim.quotes?.[0];
    if (quote)
      insert.quote.run(randomId('quo'), id, quote.sourceId, quote.exact, quote.start, quote.end);
    return id;
  });

const app = Fastify();

app.get<{ Params: { name: string } }>('/bytes/:name', async (request, reply) => {
  const answer = canned.get(request.params.name);
  if (!answer) return reply.code(404).send();
  return reply.type(answer.contentType).send(answer.body);
});

app.get<{ Params: { id: string } }>('/raw/claims/:id', async (request, reply) => {
  const claim = claimOf(request.params.id);
  if (!claim) return reply.code(404).send();
  const body = JSON.stringify(claim);
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return reply
    .type('application/json; charset=utf-8')
    .header('ETag', `"${claim.version}-${digest}"`)
    .send(body);
});

app.post<{ Body: NewClaim }>('/raw/claims', async (request, reply) => {
  const id = insertClaim(request.body);
  return reply.code(201).send({ id });
});

const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`CEILINGS ${address}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(() => {
      reader.close();
      writer.close();
      process.exit(0);
    });
  });
}
