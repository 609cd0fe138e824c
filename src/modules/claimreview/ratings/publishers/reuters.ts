import {
  ALTERED,
  FALSE,
  HALF_TRUE,
  MISLEADING,
  MISSING_CONTEXT,
  MOSTLY_TRUE,
  SATIRE,
  TRUE,
  UNPROVEN,
} from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** Reuters Fact Check. */
export const reuters: PublisherTable = {
  publisher: 'Reuters',
  names: ['Reuters', 'Reuters Fact Check'],
  hosts: ['reuters.com'],
  labels: {
    False: FALSE,
    Fabricated: FALSE,
    Misleading: MISLEADING,
    'Partly false': HALF_TRUE,
    'Partly true': HALF_TRUE,
    'Missing context': MISSING_CONTEXT,
    Altered: ALTERED,
    'Digitally altered': ALTERED,
    Satire: SATIRE,
    Unsubstantiated: UNPROVEN,
    'No evidence': UNPROVEN,
    'Mostly true': MOSTLY_TRUE,
    True: TRUE,
  },
};
