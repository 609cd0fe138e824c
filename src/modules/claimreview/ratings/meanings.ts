import type { ClaimStatus } from '../../../lib/vocabulary.js';

/**
 * What a rating says, once for all the tables: a status and a score from 0 (false) to 1 (true).
 * Every table entry is one of the constants below, so two publishers' labels that mean the same
 * thing get the same status and score, and a change of policy is made here once.
 */
export type Meaning = Readonly<{
  /**
   * `truth`: a place on the scale from false to true (the score). `other`: about something else
   * than the claim's truth (satire, a doctored picture, a quote given to the wrong person, a flip
   * of position, no evidence either way): no score, and never `supported` or `refuted`. `none`: a
   * label known to say nothing (a section name such as "Fact check"), so the numbers may speak.
   */
  kind: 'truth' | 'other' | 'none';
  status: ClaimStatus;
  score: number | null;
}>;

/**
 * The status of a place on the truth scale, read on the five steps most scales have (false,
 * mostly false, half true, mostly true, true): only what the publisher calls false outright is
 * `refuted`; true and mostly true are `supported`; everything between, which holds some truth but
 * leaves a wrong picture, is `misleading`.
 */
export function statusOfScore(score: number): ClaimStatus {
  const step = Math.round(score * 4);
  return step <= 0 ? 'refuted' : step >= 3 ? 'supported' : 'misleading';
}

const truth = (score: number): Meaning => ({ kind: 'truth', status: statusOfScore(score), score });
const other = (status: ClaimStatus): Meaning => ({ kind: 'other', status, score: null });

export const TRUE = truth(1);
export const MOSTLY_TRUE = truth(0.75);
/** True in part, false in part, or accurate but leaving out what changes its sense. */
export const HALF_TRUE = truth(0.5);
export const MOSTLY_FALSE = truth(0.25);
export const FALSE = truth(0);
/** Facts that may be real, put so that the conclusion drawn from them is wrong. */
export const MISLEADING = truth(0.25);
/** In the right direction, but the size is wrong (more, or less, than the facts say). */
export const EXAGGERATED = truth(0.5);

/** Made as a joke and labelled so: nothing to check. */
export const SATIRE = other('not_checkable');
/** Satire, or a joke, passed on as if it were real: the claim circulating misleads. */
export const SATIRE_TAKEN_AS_REAL = other('misleading');
export const OPINION = other('not_checkable');
/** Whether someone changed position (PolitiFact's Flip-O-Meter): says nothing of truth. */
export const CHANGE_OF_POSITION = other('not_checkable');
export const MISSING_CONTEXT = other('misleading');
/** A doctored picture, video or document: the media, not the claim, is rated. */
export const ALTERED = other('misleading');
/** Real media shown as something it is not (another place, another time). */
export const MISCAPTIONED = other('misleading');
/** Words someone said, given to someone else. */
export const MISATTRIBUTED = other('misleading');
/** Was true, is no longer. */
export const OUTDATED = other('misleading');
export const SCAM = other('misleading');
/** No evidence offered or found, either way. */
export const UNPROVEN = other('unsubstantiated');
/** A tale that cannot be traced or checked. */
export const LEGEND = other('unsubstantiated');
/** The claim contradicts the claimant's own record, or the sources contradict each other. */
export const CONTRADICTORY = other('disputed');
export const DISPUTED = other('disputed');
/** Still being checked, or too early to tell. */
export const PENDING = other('unverified');
/** A label that gives no verdict. */
export const NO_VERDICT: Meaning = { kind: 'none', status: 'unverified', score: null };
