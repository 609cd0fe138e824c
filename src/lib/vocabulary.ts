/** The closed vocabularies of the record: the database CHECKs and the API enums both come from here. */

export const ACTOR_KINDS = ['person', 'organization'] as const;

export const SOURCE_KINDS = [
  'article',
  'social_post',
  'speech',
  'interview',
  'statement',
  'op_ed',
  'report',
  'other',
] as const;

export const CLAIM_STATUSES = [
  'unverified',
  'unsubstantiated',
  'disputed',
  'supported',
  'refuted',
  'misleading',
  'not_checkable',
] as const;

/**
 * Who the claimant is, as the record knows it: `stated`, the source names who said it; `inferred`,
 * the record infers it (a line shown after someone's post, with no byline of its own).
 */
export const CLAIM_ATTRIBUTIONS = ['stated', 'inferred'] as const;

export const LINK_KINDS = ['rebuts', 'supports'] as const;

/** Whose words a quote holds: the speaker's own, or the source's report of what was said. */
export const QUOTE_WORDINGS = ['verbatim', 'paraphrase'] as const;

export const EVIDENCE_STANCES = ['supports', 'refutes', 'context'] as const;

export const KEY_ROLES = ['editor', 'admin'] as const;

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'link', 'unlink', 'status'] as const;

export const AUDIT_ENTITY_TYPES = ['actor', 'source', 'claim', 'evidence', 'link', 'key'] as const;

export type KeyRole = (typeof KEY_ROLES)[number];
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
export type ActorKind = (typeof ACTOR_KINDS)[number];
export type SourceKind = (typeof SOURCE_KINDS)[number];
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export type LinkKind = (typeof LINK_KINDS)[number];
export type ClaimAttribution = (typeof CLAIM_ATTRIBUTIONS)[number];
export type QuoteWording = (typeof QUOTE_WORDINGS)[number];
export type EvidenceStance = (typeof EVIDENCE_STANCES)[number];
