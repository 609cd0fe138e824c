import { ALTERED, FALSE, HALF_TRUE, MISLEADING, SATIRE, TRUE } from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** BOOM (BOOM Live, India, Bangladesh, Myanmar). */
export const boom: PublisherTable = {
  publisher: 'BOOM',
  names: ['BOOM', 'BOOM Live', 'BOOMLive', 'Boom Fact Check'],
  hosts: ['boomlive.in', 'boombd.com'],
  labels: {
    True: TRUE,
    'Partly True': HALF_TRUE,
    Misleading: MISLEADING,
    False: FALSE,
    Fake: FALSE,
    'Fake News': FALSE,
    Altered: ALTERED,
    Sarcasm: SATIRE,
    Satire: SATIRE,
  },
};
