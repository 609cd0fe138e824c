import { FALSE, HALF_TRUE, MISLEADING, SATIRE, TRUE } from '../meanings.js';
import type { LanguageTable } from '../table.js';

export const hindi: LanguageTable = {
  language: 'hi',
  labels: {
    सच: TRUE,
    सही: TRUE,
    'आंशिक रूप से सच': HALF_TRUE,
    भ्रामक: MISLEADING,
    गलत: FALSE,
    ग़लत: FALSE,
    झूठ: FALSE,
    झूठा: FALSE,
    फर्जी: FALSE,
    फ़र्ज़ी: FALSE,
    व्यंग्य: SATIRE,
  },
};
