import {
  FALSE,
  HALF_TRUE,
  LEGEND,
  MISATTRIBUTED,
  MISCAPTIONED,
  MOSTLY_FALSE,
  MOSTLY_TRUE,
  OUTDATED,
  PENDING,
  SATIRE,
  SATIRE_TAKEN_AS_REAL,
  SCAM,
  TRUE,
  UNPROVEN,
} from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** Snopes: its fact-check ratings page. */
export const snopes: PublisherTable = {
  publisher: 'Snopes',
  names: ['Snopes', 'Snopes.com'],
  hosts: ['snopes.com'],
  labels: {
    True: TRUE,
    'Mostly True': MOSTLY_TRUE,
    // "Significant elements of both truth and falsity".
    Mixture: HALF_TRUE,
    'Mostly False': MOSTLY_FALSE,
    False: FALSE,
    Unproven: UNPROVEN,
    Unfounded: UNPROVEN,
    Outdated: OUTDATED,
    Miscaptioned: MISCAPTIONED,
    // The claim is who said it: the words are theirs, so it stands.
    'Correct Attribution': TRUE,
    Misattributed: MISATTRIBUTED,
    Scam: SCAM,
    Legend: LEGEND,
    'Lost Legend': LEGEND,
    'Labeled Satire': SATIRE,
    'Originated as Satire': SATIRE_TAKEN_AS_REAL,
    Fake: FALSE,
    'Research In Progress': PENDING,
  },
};
