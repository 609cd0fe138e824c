import {
  CHANGE_OF_POSITION,
  FALSE,
  HALF_TRUE,
  MOSTLY_FALSE,
  MOSTLY_TRUE,
  PENDING,
  TRUE,
} from '../meanings.js';
import type { PublisherTable } from '../table.js';

/**
 * The Washington Post Fact Checker: Pinocchios count falsehood, the way its own guide reads them
 * (one: "mostly true"; two: "half true"; three: "mostly false"; four: false).
 */
export const washingtonPost: PublisherTable = {
  publisher: 'The Washington Post Fact Checker',
  names: [
    'The Washington Post',
    'Washington Post',
    'The Fact Checker',
    'Washington Post Fact Checker',
  ],
  hosts: ['washingtonpost.com'],
  labels: {
    'Geppetto Checkmark': TRUE,
    'One Pinocchio': MOSTLY_TRUE,
    'Two Pinocchios': HALF_TRUE,
    'Three Pinocchios': MOSTLY_FALSE,
    'Four Pinocchios': FALSE,
    // A false claim repeated after it was shown false, twenty times at least.
    'Bottomless Pinocchio': FALSE,
    'Upside-Down Pinocchio': CHANGE_OF_POSITION,
    'Verdict Pending': PENDING,
  },
};
