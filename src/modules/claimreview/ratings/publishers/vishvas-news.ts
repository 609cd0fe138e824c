import { FALSE, HALF_TRUE, MISLEADING, TRUE } from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** Vishvas News, in English and Hindi (and its other Indian languages' English labels). */
export const vishvasNews: PublisherTable = {
  publisher: 'Vishvas News',
  names: ['Vishvas News', 'Vishvas', 'विश्वास न्यूज़'],
  hosts: ['vishvasnews.com'],
  labels: {
    True: TRUE,
    'Partly True': HALF_TRUE,
    Misleading: MISLEADING,
    False: FALSE,
    Fake: FALSE,
    सच: TRUE,
    'आंशिक रूप से सच': HALF_TRUE,
    भ्रामक: MISLEADING,
    गलत: FALSE,
    झूठ: FALSE,
    फर्जी: FALSE,
    फ़र्ज़ी: FALSE,
  },
};
