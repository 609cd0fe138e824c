import { EXAGGERATED, FALSE, MISLEADING, MISSING_CONTEXT, TRUE, UNPROVEN } from '../meanings.js';
import type { PublisherTable } from '../table.js';

/**
 * FactCheck.org gives no rating: its reviews carry a sentence, read through the phrase tables.
 * These are the short verdicts that open many of them.
 */
export const factcheckOrg: PublisherTable = {
  publisher: 'FactCheck.org',
  names: ['FactCheck.org', 'FactCheck'],
  hosts: ['factcheck.org'],
  labels: {
    False: FALSE,
    Wrong: FALSE,
    Misleading: MISLEADING,
    'Distorts the Facts': MISLEADING,
    'Spins the Facts': MISLEADING,
    'Cherry-Picks': MISSING_CONTEXT,
    'Not the Whole Story': MISSING_CONTEXT,
    Exaggerates: EXAGGERATED,
    'No Evidence': UNPROVEN,
    Baseless: UNPROVEN,
    Accurate: TRUE,
  },
};
