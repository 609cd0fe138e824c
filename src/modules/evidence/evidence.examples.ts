import { answerExample, type ExampleSet, requestExample } from '../../plugins/openapi-examples.js';
import { TIMES } from '../actors/actors.examples.js';
import { HOME_BASE_SLUG } from '../claims/claims.examples.js';
import { ARTICLE_SUMMARY } from '../sources/sources.examples.js';
import { EvidenceCreateSchema, EvidencePatchSchema, EvidenceSchema } from './evidence.schemas.js';

const NO_DIRECT_EVIDENCE = 'Though he failed to provide any direct evidence to support his claims';

/** The item the create example adds (and the delete example removes). */
const NEW_EVIDENCE_SLUG = 'pompeo-gave-no-direct-evidence-leadership';

export const evidenceExamples: ExampleSet = {
  schemas: [
    answerExample(EvidenceSchema, {
      id: 'evd_0mwypxy5x9kyrv8y1rmof',
      slug: 'pompeo-gave-no-direct-evidence',
      claimId: 'clm_0mwypxy589f37nr8nndif',
      stance: 'context',
      summary:
        'The article notes that Pompeo provided no direct evidence for his claims about Iran and al-Qaeda.',
      source: ARTICLE_SUMMARY,
      quote: { exact: NO_DIRECT_EVIDENCE, start: 511, end: 580 },
      url: null,
      version: 1,
      ...TIMES,
    }),
    requestExample(EvidenceCreateSchema, {
      slug: NEW_EVIDENCE_SLUG,
      stance: 'context',
      summary:
        'The article says Pompeo failed to provide any direct evidence for his claims, this one among them.',
      sourceId: ARTICLE_SUMMARY.slug,
      quote: { exact: NO_DIRECT_EVIDENCE },
    }),
    requestExample(EvidencePatchSchema, {
      summary:
        'The article says Pompeo failed to provide any direct evidence to support his claims about Iran and al-Qaeda.',
    }),
  ],
  operations: {
    listClaimEvidence: { parameters: { id: HOME_BASE_SLUG } },
    addClaimEvidence: {
      parameters: { id: 'pompeo-al-qaeda-leadership-centralized-in-iran' },
    },
    getEvidence: { parameters: { id: 'pompeo-gave-no-direct-evidence' } },
    updateEvidence: { parameters: { id: 'pompeo-gave-no-direct-evidence' } },
    deleteEvidence: { parameters: { id: NEW_EVIDENCE_SLUG }, after: 'addClaimEvidence' },
  },
};
