import {
  EXAGGERATED,
  FALSE,
  HALF_TRUE,
  MISLEADING,
  MOSTLY_TRUE,
  SATIRE,
  SCAM,
  TRUE,
  UNPROVEN,
} from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** Africa Check. */
export const africaCheck: PublisherTable = {
  publisher: 'Africa Check',
  names: ['Africa Check', 'AfricaCheck'],
  hosts: ['africacheck.org'],
  labels: {
    Correct: TRUE,
    'Checks out': TRUE,
    'Mostly correct': MOSTLY_TRUE,
    'Partly correct': HALF_TRUE,
    Exaggerated: EXAGGERATED,
    Understated: EXAGGERATED,
    Misleading: MISLEADING,
    Unproven: UNPROVEN,
    Incorrect: FALSE,
    Fake: FALSE,
    Scam: SCAM,
    Satire: SATIRE,
  },
};
