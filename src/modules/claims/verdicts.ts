import type { ClaimStatus, EvidenceStance } from '../../lib/vocabulary.js';

/**
 * Verdicts rest on evidence: `supported` needs an item that supports the claim, `refuted` one that
 * refutes it. `unsubstantiated` needs none: the burden of proof is the claimant's.
 */
export const VERDICT_BACKING: Partial<Record<ClaimStatus, EvidenceStance>> = {
  supported: 'supports',
  refuted: 'refutes',
};

export type StanceCounts = Partial<Record<EvidenceStance, number>>;

/** The rule `status` breaks with this evidence, or null when it holds. */
export function unbackedVerdict(status: ClaimStatus, counts: StanceCounts): string | null {
  const stance = VERDICT_BACKING[status];
  if (!stance || (counts[stance] ?? 0) > 0) return null;
  return `status '${status}' needs at least one evidence item with stance '${stance}'`;
}

/** The verdicts that rest on evidence, with the stance each needs (for set-based checks). */
export function backedVerdicts(): [ClaimStatus, EvidenceStance][] {
  return Object.entries(VERDICT_BACKING) as [ClaimStatus, EvidenceStance][];
}
