import {
  CHANGE_OF_POSITION,
  FALSE,
  HALF_TRUE,
  MOSTLY_FALSE,
  MOSTLY_TRUE,
  TRUE,
} from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** PolitiFact: the Truth-O-Meter, and the Flip-O-Meter (a change of position, not a truth rating). */
export const politifact: PublisherTable = {
  publisher: 'PolitiFact',
  names: ['PolitiFact', 'PolitiFact.com'],
  hosts: ['politifact.com'],
  labels: {
    True: TRUE,
    'Mostly True': MOSTLY_TRUE,
    'Half True': HALF_TRUE,
    'Mostly False': MOSTLY_FALSE,
    // The name of Mostly False until 2011; its slug is still `barely-true`.
    'Barely True': MOSTLY_FALSE,
    False: FALSE,
    'Pants on Fire!': FALSE,
    // The slug of its ruling pages (`?ruling=pants-fire`), found in older feeds.
    'pants-fire': FALSE,
    'No Flip': CHANGE_OF_POSITION,
    'Half Flip': CHANGE_OF_POSITION,
    'Full Flop': CHANGE_OF_POSITION,
  },
};
