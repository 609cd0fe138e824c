import {
  ALTERED,
  FALSE,
  HALF_TRUE,
  MISLEADING,
  MISSING_CONTEXT,
  MOSTLY_FALSE,
  MOSTLY_TRUE,
  SATIRE,
  TRUE,
  UNPROVEN,
} from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** AAP FactCheck (Australian Associated Press). */
export const aap: PublisherTable = {
  publisher: 'AAP FactCheck',
  names: ['AAP', 'AAP FactCheck', 'Australian Associated Press'],
  hosts: ['aap.com.au'],
  labels: {
    True: TRUE,
    'Mostly True': MOSTLY_TRUE,
    // "Some factual basis, but partially inaccurate": between half true and mostly true.
    'Somewhat True': HALF_TRUE,
    'Somewhat False': HALF_TRUE,
    'Mostly False': MOSTLY_FALSE,
    False: FALSE,
    'Partly False': HALF_TRUE,
    Misleading: MISLEADING,
    'Missing Context': MISSING_CONTEXT,
    Altered: ALTERED,
    'No Evidence': UNPROVEN,
    Satire: SATIRE,
  },
};
