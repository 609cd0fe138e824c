import { ALTERED, FALSE, MISCAPTIONED, MISLEADING, NO_VERDICT } from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** Alt News. */
export const altNews: PublisherTable = {
  publisher: 'Alt News',
  names: ['Alt News', 'AltNews'],
  hosts: ['altnews.in'],
  labels: {
    False: FALSE,
    Fake: FALSE,
    Misleading: MISLEADING,
    Edited: ALTERED,
    // Its section name, carried as the rating by some of its reviews.
    'Fact check': NO_VERDICT,
    'Old video': MISCAPTIONED,
  },
};
