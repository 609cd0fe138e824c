import { z } from 'zod';
import { MAX_WORD_LENGTH, MAX_WORDS, PREFIX_LENGTH, SEARCHED_FIELDS } from '../../db/search.js';
import {
  AnchorSchema,
  PageQuerySchema,
  pageOf,
  QuoteSelectorSchema,
  RefSchema,
  SinceSchema,
  SlugSchema,
  TimestampSchema,
} from '../../lib/api-schemas.js';
import { PartialIsoDateSchema } from '../../lib/dates.js';
import { LanguageTagSchema } from '../../lib/language.js';
import {
  CLAIM_ATTRIBUTIONS,
  CLAIM_STATUSES,
  LINK_KINDS,
  QUOTE_WORDINGS,
} from '../../lib/vocabulary.js';
import { ActorSummarySchema } from '../actors/actors.schemas.js';
import { SourceSummarySchema } from '../sources/sources.schemas.js';

export const ClaimStatusSchema = z.enum(CLAIM_STATUSES).meta({
  id: 'ClaimStatus',
  description:
    'Evidence status: `unverified` (not yet checked), `unsubstantiated` (no evidence offered), `disputed`, `supported`, `refuted`, `misleading`, `not_checkable` (opinion, prediction, pledge)',
});

export const ClaimAttributionSchema = z.enum(CLAIM_ATTRIBUTIONS).meta({
  id: 'ClaimAttribution',
  description:
    'Who the claimant is, as the record knows it: `stated`, the source names who said it; `inferred`, the record infers it (a line shown after someone’s post, with no byline of its own)',
});

export const ClaimSummarySchema = z
  .object({
    id: z.string(),
    slug: SlugSchema,
    text: z.string(),
    status: ClaimStatusSchema,
    claimant: ActorSummarySchema.nullable().describe(
      'Who made the claim; null when no author is named and the claim is its source’s own statement (a news article’s): its quotes show where; or when the fact-checker’s review it was imported from names no one (its `review` shows by whom)',
    ),
  })
  .meta({ id: 'ClaimSummary', description: 'A claim as links to it show it' });

/** Why a link was drawn; the API's requests and bundle records share it. */
export const LinkNoteSchema = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .describe('Why the link was drawn: what in the one claim answers or backs the other');

const linkNote = z
  .string()
  .nullable()
  .describe('Why the link between the two claims was drawn; null when the record gives no reason');

export const LinkedClaimSchema = ClaimSummarySchema.extend({ linkNote }).meta({
  id: 'LinkedClaim',
  description: 'A claim at the other end of a link, with the link’s note',
});

export const ClaimListItemSchema = ClaimSummarySchema.extend({
  statusNote: z.string().nullable().describe('Why the claim has its status'),
  attribution: ClaimAttributionSchema,
  attributionNote: z
    .string()
    .nullable()
    .describe('Why the claimant is inferred, when it is: what the record reads the claimant from'),
  language: z.string().describe('BCP 47 language tag'),
  statedAt: PartialIsoDateSchema,
  statedAtNote: z
    .string()
    .nullable()
    .describe('How `statedAt` was worked out, when the source does not give the date as such'),
  tags: z.array(z.string()),
  rebuttalCount: z.number().int().min(0).describe('Claims that rebut this one'),
  supporterCount: z.number().int().min(0).describe('Claims that support this one'),
  evidenceCount: z.number().int().min(0),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  version: z.number().int().min(1).describe('Incremented on every change; the ETag of the claim'),
  snippet: z
    .string()
    .nullable()
    .describe('With `q`: HTML-escaped extract with `<mark>` around the hits; otherwise null'),
}).meta({ id: 'ClaimListItem', description: 'A claim as a list page shows it' });

export const QuoteWordingSchema = z.enum(QUOTE_WORDINGS).meta({
  id: 'QuoteWording',
  description:
    'Whose words the quote holds: `verbatim`, the speaker’s own words as quoted; `paraphrase`, the source’s words reporting what was said',
});

export const QuoteSchema = z
  .object({
    id: z.string(),
    exact: z.string().describe('The words exactly as they stand in the source text'),
    start: z.number().int().min(0).describe('Offset of the first code point in the source text'),
    end: z.number().int().min(0).describe('Offset after the last code point (exclusive)'),
    source: SourceSummarySchema.describe('The source whose text holds the words'),
    speaker: ActorSummarySchema.nullable().describe('Who spoke the words, when not the claimant'),
    originalSource: SourceSummarySchema.nullable().describe(
      'Where the words were first said, when the source reports them',
    ),
    wording: QuoteWordingSchema,
  })
  .meta({ id: 'Quote', description: 'Where a claim appears: exact words anchored in a source' });

/** The rating a fact-checker's review gave an imported claim (see the README's rating mapping). */
export const ImportedReviewSchema = z
  .object({
    publisher: z.string().nullable().describe('Who published the review, as it names itself'),
    label: z
      .string()
      .nullable()
      .describe(
        'The rating exactly as the publisher printed it, e.g. `Pants on Fire!`, `Trompeur`',
      ),
    ratingValue: z.number().nullable().describe('The review’s `ratingValue`, as published'),
    bestRating: z.number().nullable().describe('The review’s `bestRating`, as published'),
    worstRating: z.number().nullable().describe('The review’s `worstRating`, as published'),
    score: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe(
        'The rating on one scale for every publisher: 0 false, 0.25 mostly false, 0.5 half true, 0.75 mostly true, 1 true; null when the rating is not about truth (satire, altered media, missing context…) or says nothing',
      ),
    headline: z
      .string()
      .nullable()
      .describe(
        'The review’s title (its `headline`, else its `name`), searched by `q`; null when it has none',
      ),
  })
  .meta({ id: 'ImportedReview', description: 'A fact-checker’s rating of an imported claim' });

/**
 * A review as a bundle carries it: `headline` may be absent, as in exports made before headlines
 * were kept (and in exports of reviews without one), and then means none.
 */
export const ReviewRecordSchema = ImportedReviewSchema.extend({
  headline: ImportedReviewSchema.shape.headline.optional(),
});

/**
 * How many links of each kind a claim embeds: a claim rebutted a thousand times is read as fast as
 * one rebutted once; the stored counts give the totals and the paged lists give the rest.
 */
export const LINKS_EMBEDDED = 20;

/** A claim's links of one kind as it embeds them: the first few, the total stored beside them. */
const linkList = (what: string, total: string) =>
  z
    .array(LinkedClaimSchema)
    .max(LINKS_EMBEDDED)
    .describe(
      `${what}: the first ${LINKS_EMBEDDED}, oldest link first (then by claim id). How many in all: ${total}`,
    );

export const ClaimSchema = ClaimListItemSchema.omit({ snippet: true })
  .extend({
    quotes: z.array(QuoteSchema),
    rebuts: linkList('Claims this claim rebuts', '`rebutsCount`'),
    rebutsCount: z.number().int().min(0).describe('Claims this claim rebuts, in all'),
    rebuttedBy: linkList(
      'Claims that rebut this claim',
      '`rebuttalCount`; all of them, paged: `GET /claims/{id}/rebuttals`',
    ),
    supports: linkList('Claims this claim supports', '`supportsCount`'),
    supportsCount: z.number().int().min(0).describe('Claims this claim supports, in all'),
    supportedBy: linkList(
      'Claims that support this claim',
      '`supporterCount`; all of them, paged: `GET /claims/{id}/supports`',
    ),
    provenance: z
      .object({
        format: z.string().describe('e.g. `claimreview`'),
        url: z.string().describe('Where the document was published'),
        importedAt: TimestampSchema,
        document: z.unknown().describe('The publisher’s document, as it was imported'),
      })
      .nullable()
      .describe('Where an imported claim came from; null for claims recorded here'),
    review: ImportedReviewSchema.nullable().describe(
      'The rating of the fact-checker’s review the claim was imported from; null for others',
    ),
  })
  .meta({ id: 'Claim', description: 'A claim with everything known about it' });

export const StatusChangeSchema = z
  .object({
    status: ClaimStatusSchema,
    previousStatus: ClaimStatusSchema.nullable(),
    note: z.string().nullable(),
    changedBy: z.string().nullable().describe('Who made the change (an API key name)'),
    changedAt: TimestampSchema,
  })
  .meta({ id: 'StatusChange', description: 'One entry of a claim’s status history' });

/**
 * Relevance ranks at most this many matches: the newest (all of them when there are fewer), read
 * newest first from the index, which stops there. Scoring a match re-reads its text (about 4 µs),
 * so the bound keeps a rare word's ranking as cheap on a million claims as on a thousand.
 */
export const RELEVANCE_CANDIDATES = 200;

export const CLAIM_SORTS = [
  'statedAt',
  '-statedAt',
  'createdAt',
  '-createdAt',
  'relevance',
] as const;

// One value arrives as a string, several (repeated parameter) as an array; each may also be a
// comma list: take all of them as one list.
const StatusFilterSchema = z
  .preprocess(
    (value) =>
      typeof value === 'string' || Array.isArray(value)
        ? [value]
            .flat()
            .flatMap((item: unknown) => (typeof item === 'string' ? item.split(',') : [item]))
        : value,
    z.array(ClaimStatusSchema).min(1),
  )
  .describe(
    'One or several statuses: `status=refuted,disputed` or the parameter repeated (`status=refuted&status=disputed`)',
  );

/** What `q` looks in, as both engines search it: "text, tags, … and quotes". */
const SEARCHED = SEARCHED_FIELDS.map((f) => f.label);
const SEARCHED_LIST = `${SEARCHED.slice(0, -1).join(', ')} and ${SEARCHED.at(-1)}`;

/** What a hit in each field weighs with `sort=relevance`: "each in the text counts 4, in …". */
const HIT_WEIGHTS = SEARCHED_FIELDS.map(
  ({ label, weight, once }, i) =>
    `${i === 0 ? 'each in the' : 'in the'} ${label}${i === 0 ? ' counts' : ''} ${weight}${once ? ' once per claim' : ''}`,
).join(', ');

/** Filters shared by `/claims` and the claim lists nested under actors, sources and claims. */
export const ClaimFilterQuerySchema = PageQuerySchema.extend({
  status: StatusFilterSchema.optional(),
  tag: z
    .string()
    .trim()
    .toLowerCase()
    .min(1)
    .max(100)
    .optional()
    .describe('Claims with this tag (any case), e.g. `al-qaeda`'),
  language: LanguageTagSchema.optional().describe('Claims in this language (BCP 47), e.g. `en`'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .optional()
    .describe(
      `Full-text search over the claim’s ${SEARCHED_LIST}: every word must match, a word of up to ${PREFIX_LENGTH} characters as the beginning of a word, a longer one as a whole word in any of its forms (at most ${MAX_WORDS} different words of at most ${MAX_WORD_LENGTH} characters)`,
    ),
  statedFrom: PartialIsoDateSchema.optional().describe(
    'Stated on or after this date (a claim dated `2021-01` overlaps `statedFrom=2021-01-12`)',
  ),
  statedTo: PartialIsoDateSchema.optional().describe(
    'Stated on or before this date (`2021-01` includes all of January)',
  ),
  sort: z
    .enum(CLAIM_SORTS)
    .optional()
    .describe(
      `Default \`relevance\` with \`q\`, else \`-statedAt\`; \`relevance\` needs \`q\`: it ranks the ${RELEVANCE_CANDIDATES} most recently recorded matches by their hits (${HIT_WEIGHTS}), newest first among equals; for every match, sort by date`,
    ),
});

export const ClaimListQuerySchema = ClaimFilterQuerySchema.extend({
  claimantId: z.string().min(1).max(200).optional().describe('Actor id or slug'),
  sourceId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Source id or slug: claims quoted in it, or first said there'),
});

export const ClaimPageSchema = pageOf(ClaimListItemSchema, 'ClaimPage');

export const LinkedClaimListItemSchema = ClaimListItemSchema.extend({ linkNote }).meta({
  id: 'LinkedClaimListItem',
  description: 'A claim linked to another, as its paged list shows it, with the link’s note',
});

export const LinkedClaimPageSchema = pageOf(LinkedClaimListItemSchema, 'LinkedClaimPage');

export const StatusHistorySchema = pageOf(StatusChangeSchema, 'StatusHistory').describe(
  'Every status of the claim, oldest first',
);

/** How many claimants /stats lists at most: an answer whose size has a bound. */
export const CLAIMANTS_LISTED = 100;

export const TagCountSchema = z
  .object({ tag: z.string(), claimCount: z.number().int().min(0) })
  .meta({ id: 'TagCount' });

export const TagListSchema = pageOf(TagCountSchema, 'TagList').describe(
  'Tags with the number of claims carrying each, most used first (then by tag)',
);

export const StatsSchema = z
  .object({
    claimCount: z.number().int().min(0),
    // An object with every status as a required property (not a record keyed by the enum), so
    // that typed clients see the seven keys.
    byStatus: z
      .object(
        Object.fromEntries(CLAIM_STATUSES.map((status) => [status, z.number().int().min(0)])) as {
          [S in (typeof CLAIM_STATUSES)[number]]: z.ZodNumber;
        },
      )
      .describe('Claims per status (every status listed)'),
    byClaimant: z
      .array(z.object({ claimant: ActorSummarySchema, claimCount: z.number().int().min(0) }))
      .describe(
        `Claims per claimant for the ${CLAIMANTS_LISTED} claimants with the most, most first (then by slug)`,
      ),
  })
  .meta({ id: 'Stats', description: 'How the record stands' });

export type Stats = z.infer<typeof StatsSchema>;

/** The fields a client sets on a claim; the bundle format and the write API share them. */
export const claimFields = {
  text: z.string().trim().min(1).max(10_000),
  language: LanguageTagSchema,
  statedAt: PartialIsoDateSchema,
  tags: z.array(z.string().trim().toLowerCase().min(1).max(64)).max(50),
  attribution: ClaimAttributionSchema,
  attributionNote: z.string().trim().min(1).max(2000).describe('Why the claimant is inferred'),
  statedAtNote: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .describe('How `statedAt` was worked out, when the source does not give the date as such'),
};

export const QuoteInputSchema = QuoteSelectorSchema.extend({
  sourceId: RefSchema.describe('Id or slug of the source whose text holds the words'),
  speakerId: RefSchema.nullable().optional().describe('Who spoke the words, when not the claimant'),
  originalSourceId: RefSchema.nullable().optional().describe('Where the words were first said'),
  wording: QuoteWordingSchema.optional().describe('Default `verbatim`'),
}).meta({
  id: 'QuoteRequest',
  description:
    'A quote the server anchors: `exact` is located in the source text; `start`/`end` or `prefix`/`suffix` choose among several occurrences.',
});

export const ClaimCreateSchema = z
  .strictObject({
    slug: SlugSchema.optional().describe('Made from the text when absent'),
    text: claimFields.text,
    claimantId: RefSchema.nullable().describe(
      'Id or slug of the actor who made the claim; null when no author is named (a news article’s own statement): the claim then needs a quote of the source that states it',
    ),
    statedAt: claimFields.statedAt,
    language: claimFields.language.optional().describe('BCP 47; default `en`'),
    tags: claimFields.tags.optional(),
    attribution: claimFields.attribution.optional().describe('Default `stated`'),
    attributionNote: claimFields.attributionNote.nullable().optional(),
    statedAtNote: claimFields.statedAtNote.nullable().optional(),
    quotes: z.array(QuoteInputSchema).max(100).optional(),
  })
  .meta({ id: 'ClaimCreate', description: 'A new claim; its status starts `unverified`' });

export const ClaimPatchSchema = z
  .strictObject({
    slug: SlugSchema,
    text: claimFields.text,
    claimantId: RefSchema.nullable().describe('null: no author is named (the claim keeps a quote)'),
    statedAt: claimFields.statedAt,
    language: claimFields.language,
    tags: claimFields.tags.describe('Replaces all tags'),
    attribution: claimFields.attribution,
    attributionNote: claimFields.attributionNote.nullable().describe('null removes it'),
    statedAtNote: claimFields.statedAtNote.nullable().describe('null removes it'),
    quotes: z.array(QuoteInputSchema).max(100).describe('Replaces all quotes'),
    status: ClaimStatusSchema.describe('A change is recorded in the history; needs `statusNote`'),
    statusNote: z.string().trim().min(1).max(5000),
  })
  .partial()
  .meta({ id: 'ClaimPatch', description: 'Fields to change' });

export const StatusInputSchema = z
  .strictObject({
    status: ClaimStatusSchema,
    note: z.string().trim().min(1).max(5000).describe('Why: shown in the history and to readers'),
  })
  .meta({ id: 'StatusRequest' });

const linkNoteInput = LinkNoteSchema.nullable()
  .optional()
  .describe(
    'Why the link is drawn. Posted again for a link that exists, the note replaces its note (null removes it)',
  );

export const LinkInputSchema = z
  .union([
    z.strictObject({
      claimId: RefSchema.describe('Id or slug of an existing claim'),
      note: linkNoteInput,
    }),
    ClaimCreateSchema.extend({ note: linkNoteInput }),
  ])
  .meta({
    id: 'LinkRequest',
    description:
      'Either `{ claimId }` to link an existing claim, or a new claim’s fields to create and link it; `note` beside either says why',
  });

export const StatusChangeEntrySchema = StatusChangeSchema.extend({
  id: z.number().int().min(1),
  claim: ClaimSummarySchema,
}).meta({ id: 'StatusChangeEntry', description: 'A verdict change of some claim' });

export const StatusChangeQuerySchema = PageQuerySchema.extend({ since: SinceSchema.optional() });

export const StatusChangePageSchema = pageOf(StatusChangeEntrySchema, 'StatusChangePage');

/* Bundle records (imports and exports): references by slug or id, named without `Id`. */

export const QuoteRecordSchema = AnchorSchema.extend({
  source: RefSchema.describe('The source whose text holds the words'),
  speaker: RefSchema.nullish(),
  originalSource: RefSchema.nullish(),
  wording: QuoteWordingSchema.optional().describe('Default `verbatim`'),
});

export const ClaimRecordSchema = z.strictObject({
  id: z.string().startsWith('clm_').optional(),
  slug: SlugSchema,
  text: claimFields.text,
  language: claimFields.language.default('en'),
  claimant: RefSchema.nullable().describe(
    'null when no author is named: the claim is its quotes’ source’s own statement, or (with no quote) a reviewed claim whose `review` names no one',
  ),
  statedAt: claimFields.statedAt,
  status: ClaimStatusSchema.optional().describe(
    'Default `unverified` for a new claim; absent, a stored claim keeps its own',
  ),
  statusNote: z.string().trim().min(1).nullish(),
  tags: claimFields.tags.default([]),
  attribution: claimFields.attribution.optional().describe('Default `stated`'),
  attributionNote: claimFields.attributionNote.nullish(),
  statedAtNote: claimFields.statedAtNote.nullish(),
  quotes: z.array(QuoteRecordSchema).default([]),
  review: ReviewRecordSchema.nullish().describe(
    'The imported review’s rating; absent, a stored claim keeps its own; null removes it',
  ),
});

export const LinkRecordSchema = z.strictObject({
  from: RefSchema,
  kind: z.enum(LINK_KINDS),
  to: RefSchema,
  note: LinkNoteSchema.nullish().describe(
    'Why the link was drawn; absent, a stored link keeps its own; null removes it',
  ),
});

/** One entry of a claim's status history; given for a claim, it replaces the automatic first one. */
export const StatusRecordSchema = z.strictObject({
  claim: RefSchema,
  status: z.enum(CLAIM_STATUSES),
  previousStatus: z.enum(CLAIM_STATUSES).nullish(),
  note: z.string().nullish(),
  changedBy: z
    .string()
    .nullish()
    .describe(
      'Ignored: the history names the API key that imports the entry (older exports carry it)',
    ),
  changedAt: TimestampSchema.describe('When the verdict was given: kept as data'),
});

export type QuoteRecord = z.infer<typeof QuoteRecordSchema>;
export type ClaimRecord = z.infer<typeof ClaimRecordSchema>;
export type ImportedReview = z.infer<typeof ImportedReviewSchema>;
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>;
export type LinkRecord = z.infer<typeof LinkRecordSchema>;
export type StatusRecord = z.infer<typeof StatusRecordSchema>;

export type QuoteInput = z.infer<typeof QuoteInputSchema>;
export type ClaimCreate = z.infer<typeof ClaimCreateSchema>;
export type ClaimPatch = z.infer<typeof ClaimPatchSchema>;
export type StatusInput = z.infer<typeof StatusInputSchema>;
export type LinkInput = z.infer<typeof LinkInputSchema>;
export type StatusChangeEntry = z.infer<typeof StatusChangeEntrySchema>;
export type StatusChangeQuery = z.infer<typeof StatusChangeQuerySchema>;
export type ClaimSort = (typeof CLAIM_SORTS)[number];
export type ClaimSummary = z.infer<typeof ClaimSummarySchema>;
export type LinkedClaim = z.infer<typeof LinkedClaimSchema>;
export type LinkedClaimListItem = z.infer<typeof LinkedClaimListItemSchema>;
export type ClaimListItem = z.infer<typeof ClaimListItemSchema>;
export type Claim = z.infer<typeof ClaimSchema>;
export type Quote = z.infer<typeof QuoteSchema>;
export type StatusChange = z.infer<typeof StatusChangeSchema>;
export type ClaimListQuery = z.infer<typeof ClaimListQuerySchema>;
