import {
  ALTERED,
  FALSE,
  MISLEADING,
  MISSING_CONTEXT,
  SATIRE,
  TRUE,
  UNPROVEN,
} from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** Lead Stories. */
export const leadStories: PublisherTable = {
  publisher: 'Lead Stories',
  names: ['Lead Stories', 'LeadStories'],
  hosts: ['leadstories.com'],
  labels: {
    Fake: FALSE,
    Hoax: FALSE,
    False: FALSE,
    'Not True': FALSE,
    Misleading: MISLEADING,
    'Missing Context': MISSING_CONTEXT,
    Altered: ALTERED,
    'No Evidence': UNPROVEN,
    Satire: SATIRE,
    True: TRUE,
  },
};
