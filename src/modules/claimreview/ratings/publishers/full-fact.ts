import {
  ALTERED,
  FALSE,
  HALF_TRUE,
  MISLEADING,
  MISSING_CONTEXT,
  MOSTLY_TRUE,
  TRUE,
  UNPROVEN,
} from '../meanings.js';
import type { PublisherTable } from '../table.js';

/**
 * Full Fact writes a verdict sentence, with no fixed scale ("This is not correct.", "There is no
 * evidence…"): the phrase tables read them. These are the ones it uses most, whole.
 */
export const fullFact: PublisherTable = {
  publisher: 'Full Fact',
  names: ['Full Fact', 'FullFact'],
  hosts: ['fullfact.org'],
  labels: {
    Correct: TRUE,
    'This is correct.': TRUE,
    'Broadly correct.': MOSTLY_TRUE,
    Incorrect: FALSE,
    'This is incorrect.': FALSE,
    'This is not correct.': FALSE,
    'This is false.': FALSE,
    "That's not quite right.": HALF_TRUE,
    'This is misleading.': MISLEADING,
    'There is no evidence for this.': UNPROVEN,
    'This lacks context.': MISSING_CONTEXT,
    'This video has been edited.': ALTERED,
  },
};
